// Whole sample projects for `winnow run`: a customer base with a hierarchy of parent accounts,
// potentials, referrals, a transaction log, and the ground truth of the year after the log ends
// (to measure whether a value ranking works). Deterministic for a seed, whatever the number of
// threads: purchasing accounts are drawn in fixed blocks, each with its own seeded engine; the
// hierarchy and the referrals are drawn afterwards in one sequential pass each; the reps' visits
// and emails are drawn in the same blocks with engines of their own.
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
//   owner      the account's sales rep (parents have one too). Up to 6,000 purchasing accounts
//              the field force is rep01..rep12; each rep covers one or two regions (rep11: North
//              and East, rep12: South and West). Above that there are max(12, round(customers /
//              500)) reps (1M accounts: rep0001..rep2000; ids zero-padded to the width of the
//              count), each covering one region, the regions' numbers of reps in proportion to
//              their shares (largest remainders), numbered region by region. An account's owner
//              is one of its region's reps at random.
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
//              after, drawn from the same story continued (at today's level of contact: no
//              contact effect). Prospects have no truth row.
//
// The field force (for `winnow plan`). The reps visit their accounts in 13-week (91-day)
// periods counted back from the observation end as far as the log goes (11 periods: 2024-01-04
// .. 2026-09-30; the first three days of the log belong to none).
//   level      an account's current level mu_i, visits per period: base by type (hospital 4,
//              practice 1.5, pharmacy 2) * (expected annual spend / the type's median)^0.35,
//              clipped to [0.3, 12]. Reps call more on better accounts: across accounts, contacts
//              and revenue go together whether or not the contacts work (confounding that an
//              estimate must not be fooled by). The medians of the expected annual spend
//              52 lambda p / nu are 52 p (gamma / alpha) m / (1 - m), m the median of Beta(r, q)
//              (lambda / nu = (gamma / alpha) X / Y with X ~ Gamma(r), Y ~ Gamma(q), and X / Y =
//              B / (1 - B), B ~ Beta(r, q)): hospital 40937, practice 1763, pharmacy 2618.
//   visits     in period t, n_it ~ Poisson(mu_i * g_it), g_it ~ Gamma(shape 2, mean 1) (workload,
//              holidays: the variation within an account that identifies the effect). Visits
//              start with the account's first order: in the period of the first order the level
//              is prorated to the business days from the first order on (share s = days / 65).
//              After the account's death (the Pareto/NBD lifetime's end, the BG/NBD dropout),
//              the rep, who does not know, visits for one more period at half the level, then
//              stops. Each visit falls on a uniform business day of the period (from the first
//              order on), channel "visit", by the owner, cost 120 (one cost for all reps).
//   emails     about one per account and period (Poisson(s), half in the period after the
//              death), channel "email", by the owner, cost 0. They have no effect.
//   effect     an order's amount in period t is multiplied by the account's true response
//              r_i(x), x = n_it / (mu_i s) (the period's visits relative to today's level),
//              rounded to cents (at least 0.01): revenue moves with the visits within an account.
//              Orders outside the periods use the multiplier 1 (as do the orders after the
//              observation end: the truth of future.csv continues at today's level).
//              The response (ADBUDG, Little 1970; plan/response.h):
//                r(x) = b + (a - b) x^c / (d + x^c),  d = (a - 1) / (1 - b) so that r(1) = 1,
//                c = ln(d (r15 - b) / (a - r15)) / ln 1.5 so that r(1.5) = r15:
//                type      b = r(0)  r15   a = r(inf)  d      c
//                hospital  0.80      1.06  1.20        1.000  1.527  (S-shaped)
//                practice  0.85      1.02  1.12        0.800  0.759  (concave)
//                pharmacy  0.95      1.01  1.06        1.200  0.899  (concave)
//              Per account, the amplitude A_i = a_i - b_i is the type's a - b times LogNormal(0,
//              0.3) (at most 0.95 (1 + d), so that b_i stays above 0), and d and c are the type's;
//              b_i = 1 - A_i / (1 + d) and a_i = b_i + A_i keep r_i(1) = 1. In absolute visits n,
//              r_i = b_i + A_i n^c / (half^c + n^c), half = mu_i d^(1/c).
//   reps.csv   rep_id,name,region,capacity,cost,channel: capacity = round(1.25 * the expected
//              visits of the rep's accounts in the last period) (at least 1), cost 120, channel
//              "visit"; region "North/East" and "South/West" for rep11 and rep12 of twelve.
//   response   truth/response.csv, one row per account with orders: period_days 91; stake = the
//              expected revenue in the 91 days after the observation end at today's level of
//              contact (r = 1) given the account's latent state: 0 when it is dead at the
//              observation end; otherwise the expected orders * p / nu, the expected orders being
//              lambda T (1 - exp(-mu T)) / (mu T) for the Pareto/NBD (mu the lifetime rate, not
//              the level mu_i) and
//              (1 - exp(-lambda p T)) / p for the (M)BG/NBD (a Poisson process ended by a dropout
//              with probability p after each order), T = 13 weeks; amplitude = a_i - b_i, half =
//              mu_i d^(1/c), shape = c: the true gain of n visits in the period over none is
//              stake * amplitude * n^c / (half^c + n^c).
//   budget     winnow.toml's [plan] budget: the cost of the visits of the last period, rounded
//              to hundreds; [[plan.rules]] asks for at least one visit to every A-tier account.
//
// The experts (for `winnow experts`), drawn last in one sequential pass with an engine of their own
// (so nothing above changes with them), years 2016-2026.
//   experts    max(min(hospitals, 200), round(hospitals / 10)) at hospitals (drawn with weight
//              potential: big hospitals have several; customer_id the hospital, institution its
//              name, country DE), plus max(10, 15% of those) external experts at foreign
//              institutions (AT 25%, CH 20%, NL 15%, FR 15%, GB 10%, US 15%; no customer_id).
//              3,000 accounts: ~230 experts; 1M accounts: ~17,000. Specialty cardiology 25%,
//              oncology 25%, diabetology 15%, pneumology 12%, nephrology 10%, neurology 13%.
//              Activity a ~ LogNormal(0, 1.8) per expert: the long tail (the top 10% hold about half
//              the authorships). A community is a specialty and a region (the hospital's; all
//              foreign experts form one place per specialty).
//   rising     3% of the experts are rising stars (at least one from 30 experts on; activity at
//              least 1): their weight is 0.1 a before 2023 and 5 a from 2023 on; their memberships
//              start in 2023 or later. truth/experts.csv holds rising_star and a.
//   papers     3 per expert; year uniform; lead author drawn from all experts with weight a (the
//              era's weight for rising stars); 1 + Poisson(4) authors (at most 12): co-authors from
//              the lead's community (75%), its specialty (20%) or anywhere (5%), each with weight a;
//              journal of the lead's specialty (four, high to low impact: 10/15/35/40%) or a
//              general one (10%); citations ~ Poisson(impact * years since publication (at least
//              0.5) * Exp(1)); 1-3 keywords of the specialty, separated by ';'.
//   trials     0.4 per expert; phase I-IV 10/30/45/15%; start year uniform; ongoing if started
//              2024 or later, else ongoing 15%, completed 70%, terminated 15%. The lead (weight a)
//              is principal investigator; further sites (phase I 0-2, II 1-6, III/IV 2-13) from its
//              community (40%), specialty (50%) or anywhere, each principal investigator (60%) or
//              sub-investigator; phase III/IV trials add 1-3 steering committee members of the
//              specialty. Multi-site trials join experts across institutions.
//   talks      0.35 events per expert; level international/national/regional/local 15/30/30/25%;
//              the host (weight a) gives its specialty and place: "ESC Congress 2024",
//              "DGK Jahrestagung 2024", "Kardiologie-Forum North 2024", "Kolloquium Kardiologie
//              <institution> 2024"; 5-16, 4-13, 2-7, 1-4 speakers, from the specialty (international,
//              national) or the host's community (regional, local). The same congress of a year
//              drawn twice is one event. Roles: the first speaker of an international or national
//              event gives the keynote; the other first three chair with probability 1/2; the
//              rest speak (80%) or sit on the panel. (Teams are drawn without repeats, with up to
//              4 tries a seat, so a small community may fill fewer seats.)
//   bodies     Poisson(0.8 a / mean a) memberships per expert (at most 8, one per body): guideline
//              committee 20% ("DGK Leitlinienkommission", "ESC Guidelines Task Force ..."), advisory
//              board 40% (fictitious companies), society board 20%, editorial board 20% (a journal of
//              the specialty); from a uniform year (2023 on for rising stars); 40% ended 1-6 years
//              later (at most 2026), else ongoing (to empty).
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
  uint32_t owner = 0;  // rep number - 1 (rep01 is 0): index into PharmaScenario::reps
  bool prospect = false;
  uint32_t parent = kNoParent;  // index into PharmaScenario::accounts
  uint64_t name_seed = 0;       // the name is drawn from it (AccountName)
  double potential = 0;         // purchasing accounts only
  // Ground truth, for purchasing accounts with orders:
  bool alive = false;  // at the end of the observation end day
  uint32_t future_purchases = 0;
  double future_revenue = 0;
  // The field force's truth, for purchasing accounts with orders (see the table above):
  double contact_level = 0;  // mu_i: visits per 13-week period at today's level
  double amplitude = 0;      // a_i - b_i of the true response r_i
  double half = 0;           // visits at which half the amplitude is reached: mu_i d^(1/c)
  double shape = 0;          // c
  double stake = 0;          // expected revenue of the 91 days after the observation end, today's level
};

struct Rep {
  std::string name;              // first and last name
  std::vector<uint8_t> regions;  // covered (indices of region names): one, but two for rep11 and rep12 of 12
  uint32_t capacity = 0;         // visits per period
};

enum class Channel : uint8_t { kVisit, kEmail };

// The history of contacts, sorted by date; the rep is the account's owner.
struct SimulatedContacts {
  std::vector<uint32_t> customer;  // account index
  std::vector<core::Day> day;
  std::vector<Channel> channel;
};

struct Referral {
  uint32_t referrer = 0, referred = 0;  // account indices
  core::Day date = 0;                   // the referred account's first order
};

// Experts (key opinion leaders) and their activity; see the story at the top.
enum class Specialty : uint8_t { kCardiology, kOncology, kDiabetology, kPneumology, kNephrology, kNeurology };
inline constexpr size_t kSpecialtyCount = 6;
// "cardiology", "oncology", "diabetology", "pneumology", "nephrology", "neurology".
std::string_view SpecialtyName(Specialty specialty);

struct Expert {
  std::string name;                 // "Prof. Dr. Anna Weber"
  Specialty specialty = Specialty::kCardiology;
  uint32_t account = kNoParent;     // the hospital (index into PharmaScenario::accounts), kNoParent if external
  std::string institution;          // the hospital's name, or a foreign institution
  std::string country;              // "DE", or AT, CH, NL, FR, GB, US for external experts
  double activity = 0;              // the latent productivity (LogNormal); the truth
  bool rising_star = false;         // little activity before 2023, a lot after; the truth
};

struct Paper {
  uint16_t year = 0;
  std::string journal;
  double impact = 0;     // the journal's impact factor
  uint32_t citations = 0;
  std::string keywords;  // separated by ';'
};
struct Authorship {
  uint32_t paper = 0, expert = 0;
  uint8_t position = 0;  // 1 = first author
};
enum class TrialRole : uint8_t { kPrincipalInvestigator, kSubInvestigator, kSteeringCommittee };
enum class TrialStatus : uint8_t { kOngoing, kCompleted, kTerminated };
struct Trial {
  uint8_t phase = 1;  // 1..4
  uint16_t start_year = 0;
  TrialStatus status = TrialStatus::kOngoing;
};
struct TrialSite {
  uint32_t trial = 0, expert = 0;
  TrialRole role = TrialRole::kPrincipalInvestigator;
};
enum class EventLevel : uint8_t { kInternational, kNational, kRegional, kLocal };
enum class TalkRole : uint8_t { kKeynote, kChair, kSpeaker, kPanel };
struct Event {
  std::string name;  // with its year ("ESC Congress 2024")
  uint16_t year = 0;
  EventLevel level = EventLevel::kLocal;
};
struct Talk {
  uint32_t event = 0, expert = 0;
  TalkRole role = TalkRole::kSpeaker;
};
enum class MembershipKind : uint8_t { kGuidelineCommittee, kAdvisoryBoard, kSocietyBoard, kEditorialBoard };
struct Membership {
  std::string body;
  uint32_t expert = 0;
  MembershipKind kind = MembershipKind::kAdvisoryBoard;
  uint16_t from = 0, to = 0;  // to 0: ongoing
};

struct PharmaExperts {
  std::vector<Expert> experts;
  std::vector<Paper> papers;
  std::vector<Authorship> authorships;  // by paper, then position
  std::vector<Trial> trials;
  std::vector<TrialSite> sites;         // by trial
  std::vector<Event> events;
  std::vector<Talk> talks;              // by event
  std::vector<Membership> memberships;  // by expert
};

// The years of the experts' activity.
inline constexpr int kExpertFirstYear = 2016, kExpertLastYear = 2026, kRisingStarYear = 2023;

struct PharmaScenario {
  uint64_t customers = 0;         // purchasing accounts are accounts[0, customers)
  std::vector<Account> accounts;  // purchasing accounts, then the parents
  SimulatedLog orders;            // sorted by date; customer = account index; end = observation end
  std::vector<Referral> referrals;  // sorted by date
  core::Day start = 0;              // first day of the log
  std::vector<Rep> reps;            // the field force; Account::owner indexes it
  SimulatedContacts contacts;       // visits and emails, in the periods before the observation end
  double budget = 0;                // cost of the visits of the last period, rounded to hundreds
  PharmaExperts experts;            // drawn last, with an engine of their own
};

// First day of the log and observation end of the pharma scenario, and the truth window.
inline constexpr int kPharmaTruthDays = 364;
core::Day PharmaStart();            // 2024-01-01
core::Day PharmaObservationEnd();   // 2026-09-30

// The planning period of the field force (13 weeks), the cost of a visit, and the number of reps
// for a count of purchasing accounts (12 up to 6,000, then max(12, round(customers / 500))).
inline constexpr int kPharmaPeriodDays = 91;
inline constexpr double kVisitCost = 120;
uint64_t PharmaReps(uint64_t customers);
// "visit", "email".
std::string_view ChannelName(Channel channel);

// Draws the scenario. Throws core::Error(kUsage) for a customer count outside 1..100,000,000.
PharmaScenario SimulatePharma(const ScenarioOptions& options);

// The account's id: C + zero-padded number for purchasing accounts, P + number for parents.
std::string AccountId(const PharmaScenario& scenario, uint32_t account);
// The rep's id: "rep" + the number zero-padded to the width of the count ("rep01", "rep0042").
std::string RepId(const PharmaScenario& scenario, uint32_t rep);
// A plausible name ("St. Marien-Hospital Kiel", "Praxis Dr. Weber, Kardiologie", ...); names
// repeat now and then, as in real account lists.
std::string AccountName(const Account& account);

// Writes DIR/data/customers.csv (parents first, each after its own parent, then the purchasing
// accounts), DIR/data/transactions.csv and DIR/data/referrals.csv (both sorted by date),
// DIR/data/reps.csv (in rep order), DIR/data/interactions.csv (sorted by date),
// DIR/truth/future.csv and DIR/truth/response.csv (in account order), the experts' tables
// DIR/data/experts.csv, publications.csv, trials.csv, talks.csv, memberships.csv and their truth
// DIR/truth/experts.csv (expert_id,rising_star,activity), and, last, DIR/winnow.toml,
// each atomically, creating the directories. Money is written with two decimals, dates as YYYY-MM-DD.
// Throws core::Error(kUsage) if DIR/winnow.toml exists and options.force is off, kIo when a
// file cannot be written.
void WritePharmaProject(const PharmaScenario& scenario, const ScenarioOptions& options, const std::string& dir);

// Checks DIR (before the work), draws the scenario and writes the project. Returns the scenario
// for reports.
PharmaScenario WritePharmaScenario(const ScenarioOptions& options, const std::string& dir);

}  // namespace winnow::simulate
