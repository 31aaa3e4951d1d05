// Whole sample projects for `winnow run`: a customer base with a hierarchy of parent accounts,
// potentials, referrals, a transaction log, and the ground truth of the year after the log ends
// (to measure whether a value ranking works). Deterministic for a seed, whatever the number of
// threads: purchasing accounts are drawn in fixed blocks, each with its own seeded engine; the
// hierarchy and the referrals are drawn afterwards in one sequential pass each.
//
// The "pharma" scenario: a supplier of pharmaceuticals and medical products to hospitals,
// medical practices and pharmacies, observed from 2024-01-01 to 2026-09-30 (1004 days); the
// truth covers the 364 days after that. Rates are per week, money in currency units.
//
// Purchasing accounts (ScenarioOptions::customers of them), each one of
//   type      share  purchase story                       spend per order (Gamma-Gamma)
//   hospital  15%    Pareto/NBD  r=1.6 alpha=3.2          p=3.5 q=4 gamma=2060  (mean 2403)
//                    (0.5 orders/week on average), exponential lifetime with rate mu ~
//                    Gamma(s=1.1, beta=250) per week: a new hospital stops buying within a year
//                    with probability 19% (1 - (250/302)^1.1); tenders are lost.
//   practice  50%    BG/NBD      r=1.1 alpha=7            p=4   q=5 gamma=350   (mean 350)
//                    (0.16 orders/week), dropout after a repeat order with p ~ Beta(1.2, 40):
//                    about 17% stop within a year, some after a few orders.
//   pharmacy  35%    MBG/NBD     r=2.5 alpha=7            p=6   q=7 gamma=180   (mean 180)
//                    (0.36 orders/week: frequent small orders), dropout after any order
//                    (also the first) with p ~ Beta(1.5, 120): about 18% stop within a year.
// The stories are those of simulate.h: orders at Poisson rate lambda ~ Gamma(r, rate alpha)
// while alive; an order's amount ~ Gamma(p, rate nu), nu ~ Gamma(q, rate gamma) per account,
// rounded to cents (at least 0.01). Orders are booked on business days only: the processes run
// on a clock of business days (five to the week, so the weekly rates hold) that is mapped to
// Monday-Friday dates; orders of one account on one day form one purchase occasion. Acquisition
// is staggered: 40% of the accounts are the established base, whose first order in the log falls
// in the first 13 weeks; the others are new accounts whose first order is uniform over the
// window, up to two weeks before its end. 3% of the accounts are prospects: they have a
// potential but never order.
//
// Because rates, spend and lifetimes all vary between accounts, last year's revenue is an
// imperfect predictor of next year's: some big past buyers have stopped (Pareto/NBD deaths,
// BG/NBD dropouts), and many new accounts have a short history.
//
// Attributes:
//   region     North, South, East, West, Central (shares 20/25/15/25/15%).
//   owner      rep01..rep12; each rep covers one or two regions (rep11: North and East, rep12:
//              South and West), and an account's owner is one of its region's reps at random.
//   potential  annual potential revenue of a purchasing account: its expected annual spend
//              while alive (52 weeks * lambda * p / nu) divided by its share of wallet, 0.1 + 0.8 *
//              Beta(2, 2) (10-90%, mean 50%), rounded to hundreds, at least 500.
//   parents    80% of the hospitals belong to a hospital_chain (2-12 hospitals of one region);
//              60% of the practices and 50% of the pharmacies to a purchasing_group (10-60
//              practices and pharmacies of one region); 60% of the purchasing groups and 25% of the
//              chains belong to a national_group (3-12 members from any region). Parents have
//              no orders and no potential; national groups have no parent.
//   referrals  25% of the new accounts were referred by an existing account of their region
//              (about 15% of all accounts with orders). The referrer is drawn among the
//              region's accounts that ordered before the referred account's first order and
//              are still alive then, with weight g * sqrt(expected annual spend), g ~ Gamma(0.4,
//              scale 2.5) (mean 1: a few accounts refer a lot). The referral is dated on the
//              referred account's first order; no account is referred twice.
//   truth      for every account with orders: alive at the end of the observation end day
//              (1/0), and its purchase occasions (distinct days) and revenue in the 364 days
//              after, drawn from the same story continued. Prospects have no truth row.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "simulate/simulate.h"

namespace winnow::simulate {

enum class AccountType : uint8_t { kHospital, kPractice, kPharmacy, kHospitalChain, kPurchasingGroup, kNationalGroup };

// "hospital", "practice", "pharmacy", "hospital_chain", "purchasing_group", "national_group".
std::string_view AccountTypeName(AccountType type);

// The scenarios `winnow simulate --scenario` knows, for messages ("pharma").
const std::vector<std::string>& ScenarioNames();

struct ScenarioOptions {
  uint64_t customers = 3000;  // purchasing accounts; the parent accounts come on top
  uint64_t seed = 1;
  size_t threads = 0;         // 0: all cores; the result does not depend on it
  bool force = false;         // overwrite a project whose winnow.toml exists
};

inline constexpr uint32_t kNoParent = std::numeric_limits<uint32_t>::max();

struct Account {
  AccountType type = AccountType::kPractice;
  uint8_t region = 0;  // index into the region names
  uint8_t owner = 0;   // rep number - 1 (rep01 is 0)
  bool prospect = false;
  uint32_t parent = kNoParent;  // index into PharmaScenario::accounts
  uint64_t name_seed = 0;       // the name is drawn from it (AccountName)
  double potential = 0;         // purchasing accounts only
  // Ground truth, for purchasing accounts with orders:
  bool alive = false;  // at the end of the observation end day
  uint32_t future_purchases = 0;
  double future_revenue = 0;
};

struct Referral {
  uint32_t referrer = 0, referred = 0;  // account indices
  core::Day date = 0;                   // the referred account's first order
};

struct PharmaScenario {
  uint64_t customers = 0;         // purchasing accounts are accounts[0, customers)
  std::vector<Account> accounts;  // purchasing accounts, then the parents
  SimulatedLog orders;            // sorted by date; customer = account index; end = observation end
  std::vector<Referral> referrals;  // sorted by date
  core::Day start = 0;              // first day of the log
};

// First day of the log and observation end of the pharma scenario, and the truth window.
inline constexpr int kPharmaTruthDays = 364;
core::Day PharmaStart();            // 2024-01-01
core::Day PharmaObservationEnd();   // 2026-09-30

// Draws the scenario. Throws core::Error(kUsage) for a customer count outside 1..100,000,000.
PharmaScenario SimulatePharma(const ScenarioOptions& options);

// The account's id: C + zero-padded number for purchasing accounts, P + number for parents.
std::string AccountId(const PharmaScenario& scenario, uint32_t account);
// A plausible name ("St. Marien-Hospital Kiel", "Praxis Dr. Weber, Kardiologie", ...); names
// repeat now and then, as in real account lists.
std::string AccountName(const Account& account);

// Writes DIR/data/customers.csv (parents first, each after its own parent, then the purchasing
// accounts), DIR/data/transactions.csv and DIR/data/referrals.csv (both sorted by date),
// DIR/truth/future.csv (in account order) and, last, DIR/winnow.toml, each atomically, creating
// the directories. Money is written with two decimals, dates as YYYY-MM-DD.
// Throws core::Error(kUsage) if DIR/winnow.toml exists and options.force is off, kIo when a
// file cannot be written.
void WritePharmaProject(const PharmaScenario& scenario, const ScenarioOptions& options, const std::string& dir);

// Checks DIR (before the work), draws the scenario and writes the project. Returns the scenario
// for reports.
PharmaScenario WritePharmaScenario(const ScenarioOptions& options, const std::string& dir);

}  // namespace winnow::simulate
