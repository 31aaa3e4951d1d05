#include "simulate/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>
#include <unordered_map>
#include <system_error>

#include "core/error.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "io/output_file.h"
#include "summary/summary_writer.h"

namespace winnow::simulate {

using core::Day;
using core::Error;
using core::ErrorKind;

namespace {

using core::SplitMix64;

constexpr uint64_t kBlock = 4096;             // purchasing accounts per seeded engine
constexpr uint64_t kMaxCustomers = 100000000;
constexpr uint64_t kHierarchyStream = 0x68696572617263ull;  // separate streams of one seed
constexpr uint64_t kReferralStream = 0x726566657272616cull;
constexpr uint64_t kAccountStream = 0x6163636f756e7473ull;
constexpr uint64_t kContactStream = 0x636f6e7461637473ull;
constexpr uint64_t kRepStream = 0x7265707320202020ull;

// The purchase and spend story of one account type (see the table in scenario.h).
struct TypeStory {
  PurchaseStory story;
  double r, alpha;  // lambda ~ Gamma(r, rate alpha), per week
  double a, b;      // (M)BG/NBD dropout probability ~ Beta(a, b)
  double s, beta;   // Pareto/NBD lifetime rate mu ~ Gamma(s, rate beta), per week
  GammaGammaParams spend;
};
constexpr std::array<TypeStory, 3> kStories = {{
    {PurchaseStory::kParetoNbd, 1.6, 3.2, 0, 0, 1.1, 250, {3.5, 4, 2060}},  // hospital
    {PurchaseStory::kBgNbd, 1.1, 7, 1.2, 40, 0, 0, {4, 5, 350}},            // practice
    {PurchaseStory::kMbgNbd, 2.5, 7, 1.5, 120, 0, 0, {6, 7, 180}},          // pharmacy
}};
constexpr std::array<double, 3> kTypeShare = {0.15, 0.50, 0.35};
constexpr double kProspectShare = 0.03;
constexpr double kEstablishedShare = 0.40;
constexpr double kEstablishedDays = 65;     // business days (13 weeks)
constexpr double kLastAcquisitionGap = 10;  // business days before the observation end
constexpr double kReferredShare = 0.25;     // of the new accounts
constexpr double kReferralShape = 0.4;      // g ~ Gamma(0.4, scale 2.5)

constexpr std::array<const char*, 5> kRegions = {"North", "South", "East", "West", "Central"};
constexpr std::array<double, 5> kRegionShare = {0.20, 0.25, 0.15, 0.25, 0.15};
// The reps (0-based) covering each region, when there are twelve.
const std::array<std::vector<uint32_t>, 5> kRegionReps = {{{0, 1, 10}, {2, 3, 11}, {4, 5, 10}, {6, 7, 11}, {8, 9}}};
constexpr uint64_t kTwelveRepsUpTo = 6000;   // purchasing accounts
constexpr double kAccountsPerRep = 500;      // above that

// The field force's true response and level by type (see the table in scenario.h).
struct TypeResponse {
  double at_zero, at_plus_50, at_saturation;  // b, r(1.5), a
  double base_level;                          // visits per period at the type's median spend
  double median_spend;                        // median of the expected annual spend 52 lambda p / nu
};
constexpr std::array<TypeResponse, 3> kResponses = {{
    {0.80, 1.06, 1.20, 4.0, 40937},  // hospital
    {0.85, 1.02, 1.12, 1.5, 1763},   // practice
    {0.95, 1.01, 1.06, 2.0, 2618},   // pharmacy
}};
constexpr double kLevelElasticity = 0.35;  // level ~ (spend / median)^0.35
constexpr double kMinLevel = 0.3, kMaxLevel = 12;
constexpr double kWorkloadShape = 2;       // g ~ Gamma(2, mean 1)
constexpr double kAmplitudeSigma = 0.3;    // a - b scaled by LogNormal(0, 0.3)
constexpr double kMaxAmplitude = 0.95;     // times 1 + d: b stays above 0
constexpr double kEmailsPerPeriod = 1;
constexpr double kCapacitySlack = 1.25;
constexpr int kPeriodBusinessDays = 65;     // business days of a 13-week period

// Join probabilities and sizes of the hierarchy (see scenario.h).
constexpr double kChainShare = 0.80;
constexpr std::array<double, 3> kGroupShare = {0.0, 0.60, 0.50};
constexpr double kNationalShareOfGroups = 0.60;
constexpr double kNationalShareOfChains = 0.25;

// Orders are booked on business days (Monday to Friday): the purchase processes run on a clock of
// business days, which this maps to calendar days.
class BusinessDays {
 public:
  explicit BusinessDays(Day start) {
    const int weekday = static_cast<int>(((static_cast<int64_t>(start) + 3) % 7 + 7) % 7);  // 0 = Monday
    shift_ = weekday >= 5 ? 7 - weekday : 0;  // a start at a weekend counts from the next Monday
    lead_ = weekday >= 5 ? 0 : weekday;
  }
  // Days from the start to business day `index` (0-based).
  Day Offset(int64_t index) const {
    const int64_t total = index + lead_;
    return static_cast<Day>((total / 5) * 7 + total % 5 - lead_ + shift_);
  }
  // Business days in the first `days` days from the start.
  double Count(Day days) const {
    int64_t index = 0;
    while (Offset(index) < days) ++index;
    return static_cast<double>(index);
  }

 private:
  int shift_ = 0, lead_ = 0;
};

size_t Pick(const double* shares, size_t n, double u) {
  for (size_t k = 0; k + 1 < n; ++k) {
    if (u < shares[k]) return k;
    u -= shares[k];
  }
  return n - 1;
}

// What the block pass hands to the sequential passes, per purchasing account.
struct Latent {
  Day first_day = 0;                // first order (absolute day); only for accounts with orders
  double first_business = 0;        // the business day of the first order
  double death = 0;                 // in business days from the start; +inf if alive through the truth window
  uint64_t referral_weight = 0;
  bool referral_candidate = false;  // a new account that came through a referral, if a referrer exists
  double expected_current_visits = 0;  // expected visits in the last period (for the reps' capacities)
};

struct Rows {
  std::vector<uint32_t> customer;
  std::vector<Day> day;
  std::vector<double> amount;
};

struct ContactRows {
  std::vector<uint32_t> customer;
  std::vector<Day> day;
  std::vector<Channel> channel;
};

// The 13-week periods counted back from the observation end, as business-day indices: period k
// is [business[k], business[k + 1]) (65 business days each).
struct Periods {
  int count = 0;
  Day first_offset = 0;            // days from the start to the first period's first day
  std::vector<int64_t> business;   // count + 1 entries
  // The period of a day (days from the start), -1 before the first.
  int Of(Day offset) const {
    return offset < first_offset ? -1 : static_cast<int>((offset - first_offset) / kPharmaPeriodDays);
  }
  // The period of a business-day index: -1 before the first, count from the observation end on.
  int OfBusiness(int64_t index) const {
    if (index < business[0]) return -1;
    const auto it = std::upper_bound(business.begin(), business.end(), index);
    return static_cast<int>(it - business.begin()) - 1;
  }
};

// The ADBUDG response of one account: r(x) = b + amplitude x^c / (d + x^c), b = 1 - amplitude / (1 + d).
struct TrueResponse {
  double amplitude = 0, d = 1, c = 1;
  double operator()(double x) const {
    const double xc = std::pow(x, c);
    return 1.0 - amplitude / (1.0 + d) + amplitude * xc / (d + xc);
  }
};

// d and c of a type from CALLPLAN's points: d = (a - 1) / (1 - b), c = ln(d (r15 - b) / (a - r15)) / ln 1.5.
TrueResponse TypeCurve(size_t type) {
  const TypeResponse& t = kResponses[type];
  TrueResponse out;
  out.amplitude = t.at_saturation - t.at_zero;
  out.d = (t.at_saturation - 1.0) / (1.0 - t.at_zero);
  out.c = std::log(out.d * (t.at_plus_50 - t.at_zero) / (t.at_saturation - t.at_plus_50)) / std::log(1.5);
  return out;
}

// The field force's parameters for the block pass.
struct FieldForce {
  std::vector<std::vector<uint32_t>> region_reps;  // the reps covering each region
  Periods periods;
};

double Exponential(std::mt19937_64& engine, double rate) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  return -std::log1p(-uniform(engine)) / rate;
}

double BetaDraw(std::mt19937_64& engine, double a, double b) {
  std::gamma_distribution<double> ga(a, 1.0), gb(b, 1.0);
  const double g1 = ga(engine);
  return g1 / (g1 + gb(engine));
}

// Draws the true response of an account with orders (its level is set), its visits and emails with
// the block's contact engine, and the multiplier of each period's orders; `expected_current` gets
// the expected visits of the last period.
void DrawContacts(uint32_t k, size_t type, const Latent& hidden, const Periods& periods, Day start,
                  const BusinessDays& calendar, std::mt19937_64& engine, Account& account, double& expected_current,
                  std::vector<double>& multiplier, ContactRows& contacts) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const TrueResponse curve = TypeCurve(type);
  TrueResponse response = curve;
  const double scale = std::exp(kAmplitudeSigma * std::normal_distribution<double>(0.0, 1.0)(engine));
  response.amplitude = std::min(curve.amplitude * scale, kMaxAmplitude * (1.0 + curve.d));
  account.amplitude = response.amplitude;
  account.shape = curve.c;
  account.half = account.contact_level * std::pow(curve.d, 1.0 / curve.c);
  std::fill(multiplier.begin(), multiplier.end(), 1.0);
  expected_current = 0;

  const int64_t first_business = static_cast<int64_t>(hidden.first_business);
  const int first_period = std::max(0, periods.OfBusiness(first_business));
  const int death_period = hidden.death >= static_cast<double>(periods.business.back())
                               ? periods.count
                               : periods.OfBusiness(static_cast<int64_t>(std::floor(hidden.death)));
  std::gamma_distribution<double> workload(kWorkloadShape, 1.0 / kWorkloadShape);
  auto draw_days = [&](int count, int64_t from, int64_t to, Channel channel) {
    for (int j = 0; j < count; ++j) {
      const int64_t index =
          std::min(to - 1, from + static_cast<int64_t>(uniform(engine) * static_cast<double>(to - from)));
      contacts.customer.push_back(k);
      contacts.day.push_back(start + calendar.Offset(index));
      contacts.channel.push_back(channel);
    }
  };
  auto poisson = [&](double mean) { return mean > 0 ? std::poisson_distribution<int>(mean)(engine) : 0; };
  for (int t = first_period; t < periods.count && t <= death_period + 1; ++t) {
    const int64_t to = periods.business[static_cast<size_t>(t) + 1];
    const int64_t from = std::max(periods.business[static_cast<size_t>(t)], first_business);
    const double share = static_cast<double>(to - from) / kPeriodBusinessDays;
    const double factor = t <= death_period ? 1.0 : 0.5;  // the period after the death: half the level
    const double level = account.contact_level * factor * share;
    const int visits = poisson(level * workload(engine));
    draw_days(visits, from, to, Channel::kVisit);
    draw_days(poisson(kEmailsPerPeriod * factor * share), from, to, Channel::kEmail);
    if (t <= death_period) multiplier[static_cast<size_t>(t)] = response(visits / level);
    if (t == periods.count - 1) expected_current = level;
  }
}

// Draws accounts [first, last) of block `block`.
void DrawBlock(uint64_t seed, uint64_t block, uint64_t first, uint64_t last, Day start, Day observed_days,
               const FieldForce& force, std::vector<Account>& accounts, std::vector<Latent>& latent, Rows& rows,
               ContactRows& contacts) {
  std::mt19937_64 engine(SplitMix64(seed ^ SplitMix64(block ^ kAccountStream)));
  std::mt19937_64 contact_engine(SplitMix64(seed ^ SplitMix64(block ^ kContactStream)));
  std::vector<double> multiplier(static_cast<size_t>(force.periods.count), 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const BusinessDays calendar(start);
  const Day truth_days = observed_days + kPharmaTruthDays;  // calendar days from the start
  const double observed_business = calendar.Count(observed_days);
  const double truth_business = calendar.Count(truth_days);
  std::gamma_distribution<double> referral_dist(kReferralShape, 1.0 / kReferralShape);
  for (uint64_t k = first; k < last; ++k) {
    Account& account = accounts[k];
    Latent& hidden = latent[k];
    account.prospect = uniform(engine) < kProspectShare;
    const size_t type = Pick(kTypeShare.data(), kTypeShare.size(), uniform(engine));
    account.type = static_cast<AccountType>(type);
    account.region = static_cast<uint8_t>(Pick(kRegionShare.data(), kRegionShare.size(), uniform(engine)));
    const auto& reps = force.region_reps[account.region];
    account.owner = reps[std::min<size_t>(reps.size() - 1, static_cast<size_t>(uniform(engine) * reps.size()))];
    account.name_seed = engine();

    const TypeStory& story = kStories[type];
    // Rates per business day (five in a week).
    const double lambda = std::gamma_distribution<double>(story.r, 1.0 / story.alpha)(engine) / 5.0;
    double dropout = 0, mu = 0;
    if (story.story == PurchaseStory::kParetoNbd) {
      mu = std::gamma_distribution<double>(story.s, 1.0 / story.beta)(engine) / 5.0;
    } else {
      dropout = BetaDraw(engine, story.a, story.b);
    }
    const double nu = std::gamma_distribution<double>(story.spend.q, 1.0 / story.spend.gamma)(engine);
    const double annual_spend = 260.0 * lambda * story.spend.p / nu;
    const double share_of_wallet = 0.1 + 0.8 * BetaDraw(engine, 2, 2);
    account.potential = std::max(500.0, std::round(annual_spend / share_of_wallet / 100.0) * 100.0);
    const double propensity = referral_dist(engine);
    hidden.referral_weight = 1 + static_cast<uint64_t>(std::llround(10.0 * propensity * std::sqrt(annual_spend)));
    const bool established = uniform(engine) < kEstablishedShare;
    const bool referred = uniform(engine) < kReferredShare;
    double t = established ? uniform(engine) * kEstablishedDays
                           : uniform(engine) * (observed_business - kLastAcquisitionGap);  // business days
    if (account.prospect) continue;
    hidden.referral_candidate = !established && referred;

    std::gamma_distribution<double> amount_dist(story.spend.p, 1.0 / nu);
    double death = std::numeric_limits<double>::infinity();
    if (mu > 0) death = t + Exponential(engine, mu);
    Day last_future = -1;
    const size_t first_row = rows.customer.size();
    for (bool first_order = true;; first_order = false) {
      const Day offset = calendar.Offset(static_cast<int64_t>(t));
      const double draw = amount_dist(engine);
      const double amount = std::max(0.01, std::round(draw * 100.0) / 100.0);
      if (first_order) {
        hidden.first_day = start + offset;
        hidden.first_business = std::floor(t);
      }
      if (offset < observed_days) {  // the amount before the contact effect, rounded below
        rows.customer.push_back(static_cast<uint32_t>(k));
        rows.day.push_back(start + offset);
        rows.amount.push_back(draw);
      } else if (offset < truth_days) {
        account.future_revenue += amount;
        if (offset != last_future) ++account.future_purchases;
        last_future = offset;
      }
      if (story.story != PurchaseStory::kParetoNbd && (!first_order || story.story == PurchaseStory::kMbgNbd) &&
          uniform(engine) < dropout) {
        death = t;
        break;
      }
      if (!(lambda > 0)) break;
      t += Exponential(engine, lambda);
      if (t >= death || t >= truth_business) break;
    }
    hidden.death = death;
    account.alive = death >= observed_business;

    // The field force: the level, the stake (expected orders in the next period * p / nu, per
    // business day rates, T = 65 business days), the contacts and their effect on the orders.
    const TypeResponse& truth = kResponses[type];
    account.contact_level = std::clamp(
        truth.base_level * std::pow(annual_spend / truth.median_spend, kLevelElasticity), kMinLevel, kMaxLevel);
    if (account.alive) {
      const double horizon = kPeriodBusinessDays;
      const double orders = mu > 0 ? lambda * -std::expm1(-mu * horizon) / mu
                                   : (dropout > 0 ? -std::expm1(-lambda * dropout * horizon) / dropout
                                                  : lambda * horizon);
      account.stake = orders * story.spend.p / nu;
    }
    DrawContacts(static_cast<uint32_t>(k), type, hidden, force.periods, start, calendar, contact_engine, account,
                 hidden.expected_current_visits, multiplier, contacts);
    for (size_t row = first_row; row < rows.customer.size(); ++row) {
      const int period = force.periods.Of(rows.day[row] - start);
      const double factor = period < 0 ? 1.0 : multiplier[static_cast<size_t>(period)];
      rows.amount[row] = std::max(0.01, std::round(rows.amount[row] * factor * 100.0) / 100.0);
    }
  }
}

// Parents drawn over the purchasing accounts (sequential, one engine): chains and purchasing
// groups per region, then national groups over both. Appends the parents to `accounts`.
void DrawHierarchy(uint64_t seed, uint64_t customers, const FieldForce& force, std::vector<Account>& accounts) {
  std::mt19937_64 engine(SplitMix64(seed ^ kHierarchyStream));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto rep_of = [&](uint8_t region) {
    const auto& reps = force.region_reps[region];
    return reps[std::min<size_t>(reps.size() - 1, static_cast<size_t>(uniform(engine) * reps.size()))];
  };
  std::vector<Account> middle;  // chains and purchasing groups, in creation order
  std::vector<std::vector<uint32_t>> by_region(kRegions.size());
  for (uint64_t k = 0; k < customers; ++k) by_region[accounts[k].region].push_back(static_cast<uint32_t>(k));
  for (size_t region = 0; region < kRegions.size(); ++region) {
    for (const bool hospitals : {true, false}) {
      uint32_t current = kNoParent;
      int remaining = 0;
      for (uint32_t k : by_region[region]) {
        Account& account = accounts[k];
        if ((account.type == AccountType::kHospital) != hospitals) continue;
        const double share = hospitals ? kChainShare : kGroupShare[static_cast<size_t>(account.type)];
        if (uniform(engine) >= share) continue;
        if (remaining == 0) {
          Account parent;
          parent.type = hospitals ? AccountType::kHospitalChain : AccountType::kPurchasingGroup;
          parent.region = static_cast<uint8_t>(region);
          parent.owner = rep_of(parent.region);
          parent.name_seed = engine();
          current = static_cast<uint32_t>(middle.size());
          middle.push_back(parent);
          remaining = hospitals ? std::uniform_int_distribution<int>(2, 12)(engine)
                                : std::uniform_int_distribution<int>(10, 60)(engine);
        }
        account.parent = current;  // index into `middle` for now
        --remaining;
      }
    }
  }
  // National groups over a shuffled selection of chains and groups, so they span regions.
  std::vector<uint32_t> members;
  for (uint32_t j = 0; j < middle.size(); ++j) {
    const double share =
        middle[j].type == AccountType::kPurchasingGroup ? kNationalShareOfGroups : kNationalShareOfChains;
    if (uniform(engine) < share) members.push_back(j);
  }
  for (size_t k = members.size(); k > 1; --k) {
    std::swap(members[k - 1], members[std::uniform_int_distribution<size_t>(0, k - 1)(engine)]);
  }
  std::vector<Account> nationals;
  int remaining = 0;
  for (uint32_t j : members) {
    if (remaining == 0) {
      Account parent;
      parent.type = AccountType::kNationalGroup;
      parent.region = middle[j].region;
      parent.owner = rep_of(parent.region);
      parent.name_seed = engine();
      nationals.push_back(parent);
      remaining = std::uniform_int_distribution<int>(3, 12)(engine);
    }
    middle[j].parent = static_cast<uint32_t>(nationals.size() - 1);
    --remaining;
  }
  // Final order: purchasing accounts, national groups, then chains and groups.
  const uint32_t national_base = static_cast<uint32_t>(customers);
  const uint32_t middle_base = national_base + static_cast<uint32_t>(nationals.size());
  for (uint64_t k = 0; k < customers; ++k) {
    if (accounts[k].parent != kNoParent) accounts[k].parent += middle_base;
  }
  for (Account& parent : middle) {
    if (parent.parent != kNoParent) parent.parent += national_base;
  }
  accounts.insert(accounts.end(), nationals.begin(), nationals.end());
  accounts.insert(accounts.end(), middle.begin(), middle.end());
}

// Fenwick tree of integer weights: exact sums, so the draws do not depend on rounding.
class WeightTree {
 public:
  explicit WeightTree(size_t n) : tree_(n + 1, 0), weight_(n, 0) {}
  void Set(size_t pos, uint64_t weight) {
    const uint64_t old = weight_[pos];
    weight_[pos] = weight;
    total_ = total_ - old + weight;
    for (size_t i = pos + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] = tree_[i] - old + weight;
  }
  uint64_t total() const { return total_; }
  // The position whose cumulative range holds `target` (0 <= target < total()).
  size_t Find(uint64_t target) const {
    size_t pos = 0;
    size_t step = 1;
    while (step * 2 < tree_.size()) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step < tree_.size() && tree_[pos + step] <= target) {
        pos += step;
        target -= tree_[pos];
      }
    }
    return pos;  // 0-based position
  }

 private:
  std::vector<uint64_t> tree_;
  std::vector<uint64_t> weight_;
  uint64_t total_ = 0;
};

// Referrals (sequential, one engine): accounts in order of their first order; a candidate gets
// a referrer of its region that ordered before and is alive then, drawn by weight.
std::vector<Referral> DrawReferrals(uint64_t seed, uint64_t customers, const std::vector<Account>& accounts,
                                    const std::vector<Latent>& latent) {
  std::vector<uint32_t> order;
  order.reserve(customers);
  for (uint64_t k = 0; k < customers; ++k) {
    if (!accounts[k].prospect) order.push_back(static_cast<uint32_t>(k));
  }
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return latent[x].first_day != latent[y].first_day ? latent[x].first_day < latent[y].first_day : x < y;
  });
  // Each account's position in its region's tree: its rank in `order` within the region.
  std::vector<uint32_t> position(customers, 0);
  std::vector<std::vector<uint32_t>> members(kRegions.size());
  for (uint32_t k : order) {
    position[k] = static_cast<uint32_t>(members[accounts[k].region].size());
    members[accounts[k].region].push_back(k);
  }
  std::vector<WeightTree> trees;
  for (const auto& list : members) trees.emplace_back(list.size());

  std::mt19937_64 engine(SplitMix64(seed ^ kReferralStream));
  std::vector<Referral> referrals;
  size_t inserted = 0;
  for (uint32_t k : order) {
    const Day day = latent[k].first_day;
    for (; inserted < order.size() && latent[order[inserted]].first_day < day; ++inserted) {
      const uint32_t j = order[inserted];
      trees[accounts[j].region].Set(position[j], latent[j].referral_weight);
    }
    if (!latent[k].referral_candidate) continue;
    WeightTree& tree = trees[accounts[k].region];
    while (tree.total() > 0) {
      const uint64_t target = std::uniform_int_distribution<uint64_t>(0, tree.total() - 1)(engine);
      const size_t pos = tree.Find(target);
      const uint32_t j = members[accounts[k].region][pos];
      if (latent[j].death <= latent[k].first_business) {
        tree.Set(pos, 0);  // gone for good: the days only increase from here
        continue;
      }
      referrals.push_back({j, k, day});
      break;
    }
  }
  return referrals;
}

// Sorts the rows of the blocks (orders or contacts) by day into `out`, a counting sort that is
// stable: rows of one day keep the blocks' account order. Besides customer and day, each row has
// one more column (the order's amount, the contact's channel), `column` of a block and of `out`.
// The blocks' arrays are freed on the way.
template <typename Part, typename Out, typename T>
void SortByDay(std::vector<Part>& parts, Day start, Day end, Out& out, std::vector<T> Part::*part_column,
               std::vector<T> Out::*out_column) {
  size_t total = 0;
  for (const auto& part : parts) total += part.customer.size();
  out.customer.resize(total);
  out.day.resize(total);
  (out.*out_column).resize(total);
  std::vector<uint64_t> next(static_cast<size_t>(end - start) + 2, 0);
  for (const auto& part : parts) {
    for (Day d : part.day) ++next[static_cast<size_t>(d - start) + 1];
  }
  for (size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
  for (auto& part : parts) {
    for (size_t i = 0; i < part.day.size(); ++i) {
      const uint64_t to = next[static_cast<size_t>(part.day[i] - start)]++;
      out.customer[to] = part.customer[i];
      out.day[to] = part.day[i];
      (out.*out_column)[to] = (part.*part_column)[i];
    }
    decltype(part.customer)().swap(part.customer);
    decltype(part.day)().swap(part.day);
    std::vector<T>().swap(part.*part_column);
  }
}

// Picks from a list with a name RNG.
class Namer {
 public:
  explicit Namer(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return SplitMix64(state_++); }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  template <size_t N>
  const char* Of(const std::array<const char*, N>& list) {
    return list[Below(N)];
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::array<const char*, 16>, 5> kCities = {{
    {"Kiel", "Lübeck", "Rostock", "Bremen", "Oldenburg", "Lüneburg", "Stralsund", "Wismar", "Celle", "Flensburg",
     "Husum", "Emden", "Cuxhaven", "Schwerin", "Neumünster", "Greifswald"},
    {"Freiburg", "Ulm", "Regensburg", "Passau", "Landshut", "Ingolstadt", "Konstanz", "Tübingen", "Augsburg",
     "Rosenheim", "Kempten", "Heilbronn", "Reutlingen", "Straubing", "Memmingen", "Pforzheim"},
    {"Dresden", "Leipzig", "Erfurt", "Jena", "Gera", "Zwickau", "Potsdam", "Cottbus", "Weimar", "Halle", "Dessau",
     "Görlitz", "Chemnitz", "Plauen", "Bautzen", "Magdeburg"},
    {"Aachen", "Bonn", "Essen", "Dortmund", "Bochum", "Krefeld", "Neuss", "Münster", "Siegen", "Trier", "Koblenz",
     "Bielefeld", "Hagen", "Moers", "Düren", "Paderborn"},
    {"Kassel", "Fulda", "Gießen", "Marburg", "Göttingen", "Darmstadt", "Hanau", "Mainz", "Würzburg", "Bamberg",
     "Coburg", "Wetzlar", "Schweinfurt", "Bad Hersfeld", "Limburg", "Aschaffenburg"},
}};
constexpr std::array<const char*, 8> kDistricts = {"",       " Nord",  " Süd",      " Ost",
                                                   " West",  " Mitte", " Altstadt", " Neustadt"};
constexpr std::array<const char*, 10> kSaints = {"Marien",  "Josef",   "Elisabeth", "Vincenz", "Anna",
                                                 "Franziskus", "Antonius", "Martin", "Barbara", "Hildegard"};
constexpr std::array<const char*, 96> kSurnames = {
    "Müller",   "Schmidt",  "Schneider", "Fischer",   "Weber",     "Meyer",     "Wagner",    "Becker",
    "Schulz",   "Hoffmann", "Koch",      "Richter",   "Klein",     "Wolf",      "Schröder",  "Neumann",
    "Schwarz",  "Braun",    "Zimmermann", "Krüger",   "Hartmann",  "Lange",     "Werner",    "Krause",
    "Lehmann",  "Köhler",   "Maier",     "Huber",     "Kaiser",    "Fuchs",     "Peters",    "Scholz",
    "Möller",   "Weiß",     "Jung",      "Hahn",      "Vogel",     "Friedrich", "Keller",    "Berger",
    "Winkler",  "Roth",     "Lorenz",    "Baumann",   "Franke",    "Albrecht",  "Brandt",    "Sommer",
    "Schuster", "Simon",    "Ludwig",    "Böhm",      "Winter",    "Kraus",     "Schumacher", "Krämer",
    "Vogt",     "Stein",    "Jäger",     "Otto",      "Groß",      "Seidel",    "Heinrich",  "Haas",
    "Schreiber", "Graf",    "Dietrich",  "Ziegler",   "Kuhn",      "Pohl",      "Engel",     "Horn",
    "Busch",    "Bergmann", "Thomas",    "Voigt",     "Sauer",     "Arnold",    "Wolff",     "Pfeiffer",
    "Beyer",    "Lindner",  "Kühn",      "Martens",   "Wenzel",    "Herrmann",  "Walter",    "Hesse",
    "Ernst",    "Marx",     "Frey",      "Nowak",     "Yilmaz",    "Kaya",      "Petersen",  "Hansen"};
constexpr std::array<const char*, 40> kFirstNames = {
    "Anna",   "Thomas", "Julia",  "Michael",   "Sabine", "Andreas", "Katrin", "Stefan", "Claudia", "Markus",
    "Petra",  "Jan",    "Laura",  "Tobias",    "Miriam", "Christian", "Eva",  "Daniel", "Nina",    "Frank",
    "Sophie", "Lukas",  "Hannah", "Jonas",     "Ulrike", "Matthias", "Birgit", "Oliver", "Silke",  "Martin",
    "Lea",    "Felix",  "Ayse",   "Mehmet",    "Ines",   "Holger",  "Kerstin", "Jens",  "Maria",   "Peter"};
constexpr std::array<const char*, 14> kSpecialties = {
    "Allgemeinmedizin", "Innere Medizin", "Kardiologie",    "Orthopädie", "Dermatologie", "Gynäkologie",
    "Pädiatrie",        "Urologie",       "Neurologie",     "HNO",        "Augenheilkunde", "Onkologie",
    "Diabetologie",     "Rheumatologie"};
constexpr std::array<const char*, 20> kPharmacyPrefixes = {
    "Löwen", "Adler",  "Hirsch", "Bären", "Einhorn", "Schwanen", "Stadt", "Rats",  "Bahnhof", "Park",
    "Sonnen", "Rosen", "Linden", "Markt", "Stern",   "Kloster",  "Hof",   "Mohren", "Engel",  "Brunnen"};
constexpr std::array<const char*, 10> kPlaces = {"Markt", "Rathaus", "Dom",   "Bahnhof", "Schloss",
                                                 "Tor",   "See",     "Ring",  "Park",    "Kirchplatz"};
constexpr std::array<const char*, 10> kStreets = {"Hauptstraße", "Bahnhofstraße", "Lindenallee", "Marktstraße",
                                                  "Schillerstraße", "Goethestraße", "Kirchstraße", "Gartenweg",
                                                  "Bergstraße", "Poststraße"};
constexpr std::array<const char*, 8> kNationalStems = {"Medi", "Pharma", "Vita", "Cura", "Salus", "Klini", "Apo",
                                                       "Praxi"};
constexpr std::array<const char*, 6> kNationalTails = {"Verbund", "Einkauf", "Allianz", "Ring", "Partner", "Netz"};
constexpr std::array<const char*, 5> kLegalForms = {"eG", "AG", "GmbH", "e.V.", "GmbH & Co. KG"};

// The reps and the regions they cover: twelve with today's assignment up to 6,000 accounts, else
// PharmaReps(customers), split over the regions in proportion to their shares (largest
// remainders, ties to the earlier region) and numbered region by region. Names from the seed.
std::vector<Rep> MakeReps(uint64_t seed, uint64_t customers, std::vector<std::vector<uint32_t>>& region_reps) {
  const uint64_t count = PharmaReps(customers);
  std::vector<Rep> reps(count);
  region_reps.assign(kRegions.size(), {});
  if (customers <= kTwelveRepsUpTo) {
    for (size_t region = 0; region < kRegions.size(); ++region) {
      region_reps[region] = kRegionReps[region];
      for (uint32_t rep : kRegionReps[region]) reps[rep].regions.push_back(static_cast<uint8_t>(region));
    }
  } else {
    std::array<uint64_t, kRegions.size()> per_region{};
    std::array<double, kRegions.size()> remainder{};
    uint64_t assigned = 0;
    for (size_t region = 0; region < kRegions.size(); ++region) {
      const double quota = static_cast<double>(count) * kRegionShare[region];
      per_region[region] = static_cast<uint64_t>(std::floor(quota));
      remainder[region] = quota - std::floor(quota);
      assigned += per_region[region];
    }
    for (; assigned < count; ++assigned) {
      size_t best = 0;
      for (size_t region = 1; region < kRegions.size(); ++region) {
        if (remainder[region] > remainder[best]) best = region;
      }
      ++per_region[best];
      remainder[best] = -1;
    }
    uint32_t rep = 0;
    for (size_t region = 0; region < kRegions.size(); ++region) {
      for (uint64_t j = 0; j < per_region[region]; ++j, ++rep) {
        region_reps[region].push_back(rep);
        reps[rep].regions.push_back(static_cast<uint8_t>(region));
      }
    }
  }
  for (uint64_t rep = 0; rep < count; ++rep) {
    Namer n(SplitMix64(seed ^ SplitMix64(rep ^ kRepStream)));
    const char* first = n.Of(kFirstNames);
    reps[rep].name = fmt::format("{} {}", first, n.Of(kSurnames));
  }
  return reps;
}

// The 13-week periods counted back from the observation end, as far as the log goes.
Periods MakePeriods(Day start, Day observed_days) {
  const BusinessDays calendar(start);
  Periods periods;
  periods.count = static_cast<int>(observed_days / kPharmaPeriodDays);
  periods.first_offset = observed_days - periods.count * kPharmaPeriodDays;
  for (int k = 0; k <= periods.count; ++k) {
    periods.business.push_back(static_cast<int64_t>(calendar.Count(periods.first_offset + k * kPharmaPeriodDays)));
  }
  return periods;
}


// ---- Experts (see the story in scenario.h) ----

constexpr uint64_t kExpertStream = 0x6578706572747320ull;
constexpr double kHospitalsPerExpert = 10;
constexpr uint64_t kMinHospitalExperts = 200;   // at most one per hospital below 2,000 hospitals
constexpr double kExternalShare = 0.15;         // of the experts at hospitals
constexpr uint64_t kMinExternal = 10;
constexpr double kActivitySigma = 1.8;          // activity ~ LogNormal(0, 1.8): the long tail
constexpr double kRisingStarShare = 0.03;
constexpr double kRisingBefore = 0.1, kRisingAfter = 5;  // a rising star's activity factor before / from 2023
constexpr double kPapersPerExpert = 3, kTrialsPerExpert = 0.4, kEventsPerExpert = 0.35;
constexpr double kMembershipsPerExpert = 0.8;
constexpr double kSameCommunity = 0.75, kSameSpecialty = 0.2;  // co-authors; the rest (5%) from anywhere
constexpr int kYears = kExpertLastYear - kExpertFirstYear + 1;
constexpr size_t kPlaces5 = 6;  // communities: specialty x (5 regions + abroad)

constexpr std::array<const char*, kSpecialtyCount> kSpecialtyNames = {"cardiology", "oncology",   "diabetology",
                                                                      "pneumology", "nephrology", "neurology"};
constexpr std::array<double, kSpecialtyCount> kSpecialtyShare = {0.25, 0.25, 0.15, 0.12, 0.10, 0.13};
constexpr std::array<const char*, 6> kForeignCountries = {"AT", "CH", "NL", "FR", "GB", "US"};
constexpr std::array<double, 6> kForeignShare = {0.25, 0.2, 0.15, 0.15, 0.1, 0.15};
constexpr std::array<std::array<const char*, 2>, 6> kForeignInstitutions = {{
    {"Medizinische Universität Wien", "Medizinische Universität Innsbruck"},
    {"Universitätsspital Zürich", "Inselspital Bern"},
    {"Erasmus MC Rotterdam", "Amsterdam UMC"},
    {"Hôpital Européen Georges-Pompidou Paris", "Hospices Civils de Lyon"},
    {"Imperial College London", "University of Oxford"},
    {"Mayo Clinic Rochester", "Massachusetts General Hospital Boston"},
}};
constexpr std::array<const char*, 4> kTitles = {"Prof. Dr.", "PD Dr.", "Dr.", "Dr. med."};

struct Journal {
  const char* name;
  double impact;
};
// Per specialty: journals from high to low impact; the last two are shared by all.
constexpr std::array<std::array<Journal, 4>, kSpecialtyCount> kJournals = {{
    {{{"European Heart Journal", 37.6}, {"Circulation", 35.5}, {"JACC", 21.7}, {"Clinical Research in Cardiology", 5.5}}},
    {{{"Lancet Oncology", 41.6}, {"Journal of Clinical Oncology", 42.1}, {"Annals of Oncology", 56.7},
      {"Onkologie", 1.2}}},
    {{{"Diabetes Care", 14.8}, {"Diabetologia", 8.4}, {"Diabetes Obesity and Metabolism", 5.8},
      {"Diabetologie und Stoffwechsel", 0.6}}},
    {{{"European Respiratory Journal", 16.6}, {"Thorax", 9.0}, {"Respiration", 3.5}, {"Pneumologie", 0.9}}},
    {{{"Kidney International", 14.8}, {"Nephrology Dialysis Transplantation", 4.8}, {"Clinical Kidney Journal", 3.9},
      {"Der Nephrologe", 0.4}}},
    {{{"Lancet Neurology", 46.5}, {"Brain", 10.6}, {"Journal of Neurology", 4.8}, {"Der Nervenarzt", 1.0}}},
}};
constexpr std::array<double, 4> kJournalShare = {0.1, 0.15, 0.35, 0.4};
constexpr std::array<Journal, 2> kGeneralJournals = {{{"New England Journal of Medicine", 96.2},
                                                      {"Deutsches Ärzteblatt International", 6.5}}};
constexpr std::array<std::array<const char*, 6>, kSpecialtyCount> kKeywords = {{
    {"heart failure", "atrial fibrillation", "hypertension", "coronary artery disease", "SGLT2", "lipids"},
    {"breast cancer", "lung cancer", "immunotherapy", "lymphoma", "colorectal cancer", "CAR-T"},
    {"type 2 diabetes", "type 1 diabetes", "GLP-1", "SGLT2", "obesity", "insulin"},
    {"COPD", "asthma", "pulmonary fibrosis", "lung cancer", "pulmonary hypertension", "inhalation"},
    {"chronic kidney disease", "dialysis", "transplantation", "SGLT2", "glomerulonephritis", "hyperkalemia"},
    {"multiple sclerosis", "stroke", "migraine", "Parkinson", "epilepsy", "dementia"},
}};
// International and national congresses, society abbreviations (for the national society), and the
// German name of the specialty (regional and local events).
constexpr std::array<std::array<const char*, 2>, kSpecialtyCount> kCongresses = {{
    {"ESC Congress", "AHA Scientific Sessions"},
    {"ESMO Congress", "ASCO Annual Meeting"},
    {"EASD Annual Meeting", "ADA Scientific Sessions"},
    {"ERS Congress", "ATS International Conference"},
    {"ERA Congress", "ASN Kidney Week"},
    {"EAN Congress", "AAN Annual Meeting"},
}};
constexpr std::array<const char*, kSpecialtyCount> kSocieties = {"DGK", "DGHO", "DDG", "DGP", "DGfN", "DGN"};
constexpr std::array<const char*, kSpecialtyCount> kEuropeanSocieties = {"ESC", "ESMO", "EASD", "ERS", "ERA", "EAN"};
constexpr std::array<const char*, kSpecialtyCount> kGermanNames = {"Kardiologie", "Onkologie",  "Diabetologie",
                                                                   "Pneumologie", "Nephrologie", "Neurologie"};
constexpr std::array<const char*, 6> kCompanies = {"Nordpharm", "Heliomed", "Vitalis Bio", "Aurelia Pharma",
                                                   "Rhenus Therapeutics", "Corvex"};

// Weighted draws over a fixed list of experts (cumulative weights, binary search).
class WeightedPool {
 public:
  void Add(uint32_t expert, double weight) {
    if (weight <= 0) return;
    total_ += weight;
    members_.push_back(expert);
    cumulative_.push_back(total_);
  }
  bool empty() const { return members_.empty(); }
  uint32_t Draw(double u) const {
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u * total_);
    return members_[std::min<size_t>(members_.size() - 1, static_cast<size_t>(it - cumulative_.begin()))];
  }

 private:
  std::vector<uint32_t> members_;
  std::vector<double> cumulative_;
  double total_ = 0;
};

// Pools by era (0: before 2023, 1: from 2023): everyone, by specialty, by community.
struct ExpertPools {
  std::array<WeightedPool, 2> all;
  std::array<std::array<WeightedPool, kSpecialtyCount>, 2> specialty;
  std::array<std::array<WeightedPool, kSpecialtyCount * kPlaces5>, 2> community;
};

size_t PlaceOf(const Expert& expert, const std::vector<Account>& accounts) {
  return expert.account == kNoParent ? kPlaces5 - 1 : accounts[expert.account].region;
}

PharmaExperts DrawExperts(uint64_t seed, uint64_t customers, const std::vector<Account>& accounts) {
  std::mt19937_64 engine(SplitMix64(seed ^ kExpertStream));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto below = [&](size_t n) { return std::min<size_t>(n - 1, static_cast<size_t>(uniform(engine) * n)); };
  auto poisson = [&](double mean) { return mean > 0 ? std::poisson_distribution<int>(mean)(engine) : 0; };
  PharmaExperts out;

  // Experts at hospitals, drawn with weight potential (big hospitals have several); then external ones.
  WeightedPool hospitals;
  uint64_t hospital_count = 0;
  for (uint32_t k = 0; k < customers; ++k) {
    if (accounts[k].type != AccountType::kHospital) continue;
    ++hospital_count;
    hospitals.Add(k, std::max(accounts[k].potential, 500.0));
  }
  const uint64_t at_hospitals =
      hospital_count == 0 ? 0
                          : std::max<uint64_t>(std::min(hospital_count, kMinHospitalExperts),
                                               static_cast<uint64_t>(std::llround(static_cast<double>(hospital_count) /
                                                                                  kHospitalsPerExpert)));
  const uint64_t external =
      std::max<uint64_t>(kMinExternal, static_cast<uint64_t>(std::llround(kExternalShare * static_cast<double>(at_hospitals))));
  std::normal_distribution<double> normal(0.0, 1.0);
  for (uint64_t e = 0; e < at_hospitals + external; ++e) {
    Expert expert;
    expert.specialty = static_cast<Specialty>(Pick(kSpecialtyShare.data(), kSpecialtyShare.size(), uniform(engine)));
    if (e < at_hospitals) {
      expert.account = hospitals.Draw(uniform(engine));
      expert.institution = AccountName(accounts[expert.account]);
      expert.country = "DE";
    } else {
      const size_t country = Pick(kForeignShare.data(), kForeignShare.size(), uniform(engine));
      expert.country = kForeignCountries[country];
      expert.institution = kForeignInstitutions[country][below(2)];
    }
    expert.activity = std::exp(kActivitySigma * normal(engine));
    expert.rising_star = uniform(engine) < kRisingStarShare;
    if (expert.rising_star) expert.activity = std::max(expert.activity, 1.0);
    Namer n(engine());
    const size_t title = expert.activity > 3 ? 0 : 1 + n.Below(3);
    const char* first = n.Of(kFirstNames);
    expert.name = fmt::format("{} {} {}", kTitles[title], first, n.Of(kSurnames));
    out.experts.push_back(std::move(expert));
  }
  if (out.experts.size() >= 30 && std::none_of(out.experts.begin(), out.experts.end(),
                                               [](const Expert& x) { return x.rising_star; })) {
    Expert& star = out.experts[below(out.experts.size())];  // a rising star in every project of some size
    star.rising_star = true;
    star.activity = std::max(star.activity, 1.0);
  }

  ExpertPools pools;
  for (uint32_t e = 0; e < out.experts.size(); ++e) {
    const Expert& expert = out.experts[e];
    const size_t s = static_cast<size_t>(expert.specialty);
    const size_t community = s * kPlaces5 + PlaceOf(expert, accounts);
    for (int era = 0; era < 2; ++era) {
      const double w = expert.activity * (expert.rising_star ? (era == 0 ? kRisingBefore : kRisingAfter) : 1.0);
      pools.all[era].Add(e, w);
      pools.specialty[era][s].Add(e, w);
      pools.community[era][community].Add(e, w);
    }
  }
  const double n_experts = static_cast<double>(out.experts.size());
  auto draw_year = [&] { return static_cast<uint16_t>(kExpertFirstYear + below(kYears)); };
  auto era_of = [](int year) { return year >= kRisingStarYear ? 1 : 0; };
  // A collaborator of `lead`: mostly from its community, some from its specialty, the rest from anywhere.
  auto collaborator = [&](uint32_t lead, int era, double same_community, double same_specialty) {
    const Expert& x = out.experts[lead];
    const size_t s = static_cast<size_t>(x.specialty);
    const double u = uniform(engine);
    const WeightedPool& community = pools.community[era][s * kPlaces5 + PlaceOf(x, accounts)];
    if (u < same_community && !community.empty()) return community.Draw(uniform(engine));
    if (u < same_community + same_specialty) return pools.specialty[era][s].Draw(uniform(engine));
    return pools.all[era].Draw(uniform(engine));
  };
  // Up to `size` distinct experts, the lead first.
  auto team = [&](uint32_t lead, int era, size_t size, double same_community, double same_specialty) {
    std::vector<uint32_t> members = {lead};
    for (size_t tries = 0; members.size() < size && tries < 4 * size; ++tries) {
      const uint32_t e = collaborator(lead, era, same_community, same_specialty);
      if (std::find(members.begin(), members.end(), e) == members.end()) members.push_back(e);
    }
    return members;
  };

  // Publications: a year, a lead author with weight activity, 1-12 authors.
  const uint64_t papers = static_cast<uint64_t>(std::llround(kPapersPerExpert * n_experts));
  for (uint32_t p = 0; p < papers; ++p) {
    Paper paper;
    paper.year = draw_year();
    const int era = era_of(paper.year);
    const uint32_t lead = pools.all[era].Draw(uniform(engine));
    const size_t s = static_cast<size_t>(out.experts[lead].specialty);
    const size_t size = std::min<size_t>(12, 1 + static_cast<size_t>(poisson(4.0)));
    const std::vector<uint32_t> authors = team(lead, era, size, kSameCommunity, kSameSpecialty);
    const double u = uniform(engine);
    const Journal journal = u < 0.03 ? kGeneralJournals[0]
                            : u < 0.1 ? kGeneralJournals[1]
                                      : kJournals[s][Pick(kJournalShare.data(), kJournalShare.size(), uniform(engine))];
    paper.journal = journal.name;
    paper.impact = journal.impact;
    // Citations: Gamma-Poisson with mean impact * years since publication (at least half a year).
    const double age = std::max(0.5, static_cast<double>(kExpertLastYear - paper.year));
    const double mean = journal.impact * age * std::gamma_distribution<double>(1.0, 1.0)(engine);
    paper.citations = static_cast<uint32_t>(poisson(mean));
    const size_t keywords = 1 + below(3);
    size_t first_keyword = below(6);
    for (size_t j = 0; j < keywords; ++j) {
      if (j > 0) paper.keywords.push_back(';');
      paper.keywords += kKeywords[s][(first_keyword + j) % 6];
    }
    for (size_t a = 0; a < authors.size(); ++a) {
      out.authorships.push_back({p, authors[a], static_cast<uint8_t>(a + 1)});
    }
    out.papers.push_back(std::move(paper));
  }

  // Trials: the lead is principal investigator; the sites are experts of the specialty at other
  // institutions (multi-site); phase III and IV trials have a steering committee from anywhere.
  const uint64_t trials = static_cast<uint64_t>(std::llround(kTrialsPerExpert * n_experts));
  constexpr std::array<double, 4> kPhaseShare = {0.1, 0.3, 0.45, 0.15};
  for (uint32_t t = 0; t < trials; ++t) {
    Trial trial;
    trial.phase = static_cast<uint8_t>(1 + Pick(kPhaseShare.data(), kPhaseShare.size(), uniform(engine)));
    trial.start_year = draw_year();
    const int era = era_of(trial.start_year);
    const double u = uniform(engine);
    const int age = kExpertLastYear - trial.start_year;
    trial.status = age < 3 || u < 0.15 ? TrialStatus::kOngoing
                   : u < 0.85          ? TrialStatus::kCompleted
                                       : TrialStatus::kTerminated;
    const uint32_t lead = pools.all[era].Draw(uniform(engine));
    const size_t sites = trial.phase == 1 ? 1 + below(3) : trial.phase == 2 ? 2 + below(6) : 3 + below(12);
    const std::vector<uint32_t> members = team(lead, era, sites, 0.4, 0.5);
    for (size_t j = 0; j < members.size(); ++j) {
      const TrialRole role = j == 0 || uniform(engine) < 0.6 ? TrialRole::kPrincipalInvestigator
                                                              : TrialRole::kSubInvestigator;
      out.sites.push_back({t, members[j], role});
    }
    if (trial.phase >= 3) {
      const size_t committee = 1 + below(3);
      for (size_t j = 0; j < committee; ++j) {
        const uint32_t e = pools.specialty[era][static_cast<size_t>(out.experts[lead].specialty)].Draw(uniform(engine));
        if (std::find(members.begin(), members.end(), e) != members.end()) continue;
        bool seen = false;
        for (size_t r = out.sites.size(); r-- > 0 && out.sites[r].trial == t;) seen = seen || out.sites[r].expert == e;
        if (!seen) out.sites.push_back({t, e, TrialRole::kSteeringCommittee});
      }
    }
    out.trials.push_back(trial);
  }

  // Talks: events of a specialty and year; international and national ones draw speakers from the
  // whole specialty, regional and local ones from the host's community. An event drawn twice
  // (the same congress of a year) is one event.
  const uint64_t events = static_cast<uint64_t>(std::llround(kEventsPerExpert * n_experts));
  constexpr std::array<double, 4> kLevelShare = {0.15, 0.3, 0.3, 0.25};
  std::unordered_map<std::string, uint32_t> event_index;
  std::set<std::pair<uint32_t, uint32_t>> spoken;  // (event, expert)
  for (uint64_t k = 0; k < events; ++k) {
    const uint16_t year = draw_year();
    const int era = era_of(year);
    const EventLevel level = static_cast<EventLevel>(Pick(kLevelShare.data(), kLevelShare.size(), uniform(engine)));
    const uint32_t host = pools.all[era].Draw(uniform(engine));
    const Expert& h = out.experts[host];
    const size_t s = static_cast<size_t>(h.specialty);
    std::string name;
    size_t speakers = 0;
    switch (level) {
      case EventLevel::kInternational:
        name = fmt::format("{} {}", kCongresses[s][below(2)], year);
        speakers = 5 + below(12);
        break;
      case EventLevel::kNational:
        name = fmt::format("{} Jahrestagung {}", kSocieties[s], year);
        speakers = 4 + below(10);
        break;
      case EventLevel::kRegional:
        name = fmt::format("{}-Forum {} {}", kGermanNames[s],
                           h.account == kNoParent ? h.country.c_str() : kRegions[accounts[h.account].region], year);
        speakers = 2 + below(6);
        break;
      case EventLevel::kLocal:
        name = fmt::format("Kolloquium {} {} {}", kGermanNames[s], h.institution, year);
        speakers = 1 + below(4);
        break;
    }
    const bool wide = level == EventLevel::kInternational || level == EventLevel::kNational;
    const std::vector<uint32_t> members = team(host, era, speakers, wide ? 0.2 : 0.85, wide ? 0.75 : 0.1);
    const auto [it, added] = event_index.emplace(name, static_cast<uint32_t>(out.events.size()));
    if (added) out.events.push_back({name, year, level});
    const uint32_t event = it->second;
    for (size_t j = 0; j < members.size(); ++j) {
      if (!spoken.emplace(event, members[j]).second) continue;
      const double u = uniform(engine);
      const TalkRole role = j == 0 && wide ? TalkRole::kKeynote
                            : j <= 2 && u < 0.5 ? TalkRole::kChair
                            : u < 0.8           ? TalkRole::kSpeaker
                                                : TalkRole::kPanel;
      out.talks.push_back({event, members[j], role});
    }
  }
  std::stable_sort(out.talks.begin(), out.talks.end(), [](const Talk& a, const Talk& b) { return a.event < b.event; });

  // Memberships: Poisson(0.8 activity / mean activity) per expert (at most 8), from a year the
  // expert is active (rising stars from 2023), ongoing or ended.
  double mean_activity = 0;
  for (const Expert& x : out.experts) mean_activity += x.activity;
  mean_activity /= std::max(1.0, n_experts);
  constexpr std::array<double, 4> kKindShare = {0.2, 0.4, 0.2, 0.2};
  for (uint32_t e = 0; e < out.experts.size(); ++e) {
    const Expert& x = out.experts[e];
    const size_t s = static_cast<size_t>(x.specialty);
    const int count = std::min(8, poisson(kMembershipsPerExpert * x.activity / mean_activity));
    std::set<std::string> bodies;
    for (int m = 0; m < count; ++m) {
      Membership membership;
      membership.expert = e;
      membership.kind = static_cast<MembershipKind>(Pick(kKindShare.data(), kKindShare.size(), uniform(engine)));
      switch (membership.kind) {
        case MembershipKind::kGuidelineCommittee:
          membership.body = uniform(engine) < 0.6
                                ? fmt::format("{} Leitlinienkommission", kSocieties[s])
                                : fmt::format("{} Guidelines Task Force {}", kEuropeanSocieties[s], kKeywords[s][below(6)]);
          break;
        case MembershipKind::kAdvisoryBoard:
          membership.body = fmt::format("{} Advisory Board {}", kCompanies[below(kCompanies.size())], kGermanNames[s]);
          break;
        case MembershipKind::kSocietyBoard:
          membership.body = uniform(engine) < 0.7 ? fmt::format("{} Vorstand", kSocieties[s])
                                                  : fmt::format("{} Board", kEuropeanSocieties[s]);
          break;
        case MembershipKind::kEditorialBoard:
          membership.body = fmt::format("{} Editorial Board", kJournals[s][below(4)].name);
          break;
      }
      const int first = x.rising_star ? kRisingStarYear : kExpertFirstYear;
      membership.from = static_cast<uint16_t>(first + below(static_cast<size_t>(kExpertLastYear - first + 1)));
      if (uniform(engine) >= 0.6 && membership.from < kExpertLastYear) {
        membership.to = static_cast<uint16_t>(
            std::min(kExpertLastYear, membership.from + 1 + static_cast<int>(below(6))));
      }
      if (bodies.insert(membership.body).second) out.memberships.push_back(std::move(membership));
    }
  }
  return out;
}

}  // namespace

std::string_view AccountTypeName(AccountType type) {
  switch (type) {
    case AccountType::kHospital: return "hospital";
    case AccountType::kPractice: return "practice";
    case AccountType::kPharmacy: return "pharmacy";
    case AccountType::kHospitalChain: return "hospital_chain";
    case AccountType::kPurchasingGroup: return "purchasing_group";
    case AccountType::kNationalGroup: return "national_group";
  }
  return "?";
}

uint64_t PharmaReps(uint64_t customers) {
  if (customers <= kTwelveRepsUpTo) return 12;
  return std::max<uint64_t>(12, static_cast<uint64_t>(std::llround(static_cast<double>(customers) / kAccountsPerRep)));
}

std::string_view SpecialtyName(Specialty specialty) { return kSpecialtyNames[static_cast<size_t>(specialty)]; }

std::string_view ChannelName(Channel channel) { return channel == Channel::kVisit ? "visit" : "email"; }

std::string RepId(const PharmaScenario& scenario, uint32_t rep) {
  const int width = static_cast<int>(std::to_string(scenario.reps.size()).size());
  return fmt::format("rep{:0{}}", rep + 1, width);
}

const std::vector<std::string>& ScenarioNames() {
  static const std::vector<std::string> names = {"pharma"};
  return names;
}

Day PharmaStart() { return core::DaysFromCivil(2024, 1, 1); }
Day PharmaObservationEnd() { return core::DaysFromCivil(2026, 9, 30); }

std::string AccountName(const Account& account) {
  Namer n(account.name_seed);
  const auto& cities = kCities[account.region % kCities.size()];
  const char* city = n.Of(cities);
  const char* district = n.Of(kDistricts);
  switch (account.type) {
    case AccountType::kHospital:
      switch (n.Below(10)) {
        case 0: return fmt::format("Klinikum {}{}", city, district);
        case 1: return fmt::format("{}-Klinikum {}", n.Of(kSurnames), city);
        case 2:
        case 3: return fmt::format("St. {}-Hospital {}{}", n.Of(kSaints), city, district);
        case 4: return fmt::format("St. {}-Krankenhaus {}", n.Of(kSaints), city);
        case 5: return fmt::format("Evangelisches Krankenhaus {}{}", city, district);
        case 6: return fmt::format("Kreiskrankenhaus {} {}", city, n.Of(kPlaces));
        case 7: return fmt::format("{}-Klinik {}", n.Of(kSurnames), city);
        case 8: return fmt::format("Fachklinik {}, {}", city, n.Of(kSpecialties));
        default: return fmt::format("Krankenhaus am {}, {}", n.Of(kPlaces), city);
      }
    case AccountType::kPractice:
      switch (n.Below(10)) {
        case 0:
        case 1: return fmt::format("Praxis Dr. {} {}", n.Of(kFirstNames), n.Of(kSurnames));
        case 2: return fmt::format("Praxis Dr. {}, {}", n.Of(kSurnames), city);
        case 3: return fmt::format("Praxis Dr. {}, {} {}", n.Of(kSurnames), n.Of(kSpecialties), city);
        case 4: {
          const char* one = n.Of(kSurnames);
          return fmt::format("Gemeinschaftspraxis Dr. {} & Dr. {}", one, n.Of(kSurnames));
        }
        case 5: return fmt::format("Dr. med. {} {} ({})", n.Of(kFirstNames), n.Of(kSurnames), city);
        case 6: return fmt::format("Hausarztpraxis {} {}", n.Of(kSurnames), city);
        case 7: return fmt::format("MVZ {}{} {}", city, district, n.Of(kSpecialties));
        case 8: return fmt::format("Praxis {} {}, {}", n.Of(kFirstNames), n.Of(kSurnames), n.Of(kSpecialties));
        default: return fmt::format("Praxisklinik {} {}", n.Of(kSurnames), city);
      }
    case AccountType::kPharmacy:
      switch (n.Below(8)) {
        case 0:
        case 1:
        case 2:
        case 3: return fmt::format("{}-Apotheke {}{}", n.Of(kPharmacyPrefixes), city, district);
        case 4: return fmt::format("Apotheke am {} {}, {}", n.Of(kPlaces), 1 + n.Below(40), city);
        case 5: return fmt::format("Apotheke am {}, {}", n.Of(kPlaces), city);
        case 6: return fmt::format("Apotheke {} {}, {}", n.Of(kStreets), 1 + n.Below(120), city);
        default: return fmt::format("Apotheke {} {} e.K.", n.Of(kFirstNames), n.Of(kSurnames));
      }
    case AccountType::kHospitalChain:
      switch (n.Below(5)) {
        case 0: return fmt::format("Klinikverbund {}", city);
        case 1: return fmt::format("{} Kliniken {} GmbH", n.Of(kSurnames), city);
        case 2: return fmt::format("Gesundheitsverbund {}-{}", city, n.Of(cities));
        case 3: return fmt::format("St. {} Kliniken {} gGmbH", n.Of(kSaints), city);
        default: return fmt::format("Kliniken {}-Land {}", city, n.Of(kSurnames));
      }
    case AccountType::kPurchasingGroup:
      switch (n.Below(5)) {
        case 0: return fmt::format("Gesundheitsnetz {}{} eG", city, district);
        case 1: return fmt::format("Einkaufsgemeinschaft {}", city);
        case 2: return fmt::format("Praxis- und Apothekenverbund {}", city);
        case 3: return fmt::format("Ärztenetz {}{}", city, district);
        default: return fmt::format("Einkaufsring {} {}", city, 1 + n.Below(9));
      }
    case AccountType::kNationalGroup:
      return fmt::format("{}{} Deutschland {}", n.Of(kNationalStems), n.Of(kNationalTails), n.Of(kLegalForms));
  }
  return "?";
}

std::string AccountId(const PharmaScenario& scenario, uint32_t account) {
  if (account < scenario.customers) {
    const int width = static_cast<int>(std::to_string(scenario.customers).size());
    return fmt::format("C{:0{}}", account + 1, width);
  }
  const uint64_t parents = scenario.accounts.size() - scenario.customers;
  const int width = static_cast<int>(std::to_string(parents).size());
  return fmt::format("P{:0{}}", account - scenario.customers + 1, width);
}

PharmaScenario SimulatePharma(const ScenarioOptions& options) {
  if (options.customers == 0 || options.customers > kMaxCustomers) {
    throw Error(ErrorKind::kUsage, fmt::format("--customers={}: must be between 1 and {}", options.customers,
                                               kMaxCustomers));
  }
  PharmaScenario out;
  out.customers = options.customers;
  out.start = PharmaStart();
  out.orders.customers = options.customers;
  out.orders.end = PharmaObservationEnd();
  const Day observed_days = out.orders.end - out.start + 1;

  FieldForce force;
  out.reps = MakeReps(options.seed, options.customers, force.region_reps);
  force.periods = MakePeriods(out.start, observed_days);
  out.accounts.resize(options.customers);
  std::vector<Latent> latent(options.customers);
  const uint64_t blocks = (options.customers + kBlock - 1) / kBlock;
  std::vector<Rows> parts(blocks);
  std::vector<ContactRows> contact_parts(blocks);
  core::ParallelFor(blocks, options.threads, [&](size_t block) {
    const uint64_t first = block * kBlock;
    const uint64_t last = std::min<uint64_t>(options.customers, first + kBlock);
    DrawBlock(options.seed, block, first, last, out.start, observed_days, force, out.accounts, latent, parts[block],
              contact_parts[block]);
  });
  SortByDay(parts, out.start, out.orders.end, out.orders, &Rows::amount, &SimulatedLog::amount);
  SortByDay(contact_parts, out.start, out.orders.end, out.contacts, &ContactRows::channel,
            &SimulatedContacts::channel);
  out.referrals = DrawReferrals(options.seed, options.customers, out.accounts, latent);
  DrawHierarchy(options.seed, options.customers, force, out.accounts);

  // Capacities: 1.25 times the expected visits of the rep's accounts in the last period. Budget:
  // the cost of the last period's visits.
  std::vector<double> expected(out.reps.size(), 0.0);
  for (uint64_t k = 0; k < options.customers; ++k) expected[out.accounts[k].owner] += latent[k].expected_current_visits;
  for (size_t rep = 0; rep < out.reps.size(); ++rep) {
    out.reps[rep].capacity = static_cast<uint32_t>(std::max<int64_t>(1, std::llround(kCapacitySlack * expected[rep])));
  }
  const Day last_period = out.orders.end - kPharmaPeriodDays + 1;
  uint64_t visits = 0;
  for (size_t row = 0; row < out.contacts.day.size(); ++row) {
    visits += out.contacts.day[row] >= last_period && out.contacts.channel[row] == Channel::kVisit;
  }
  out.budget = std::round(static_cast<double>(visits) * kVisitCost / 100.0) * 100.0;
  out.experts = DrawExperts(options.seed, options.customers, out.accounts);
  return out;
}

namespace {

// Appends `prefix` and `number` zero-padded to `width` digits ("C0042", "rep07").
void AppendId(std::string& out, std::string_view prefix, uint64_t number, int width) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, number);
  const int length = static_cast<int>(result.ptr - digits);
  out += prefix;
  if (length < width) out.append(static_cast<size_t>(width - length), '0');
  out.append(digits, static_cast<size_t>(length));
}

// Appends a non-negative amount with two decimals ("1234.50"); amounts are whole cents already.
void AppendMoney(std::string& out, double amount) {
  const uint64_t cents = static_cast<uint64_t>(std::llround(amount * 100.0));
  char digits[32];
  auto result = std::to_chars(digits, digits + sizeof digits, cents / 100);
  *result.ptr++ = '.';
  *result.ptr++ = static_cast<char>('0' + cents % 100 / 10);
  *result.ptr++ = static_cast<char>('0' + cents % 10);
  out.append(digits, static_cast<size_t>(result.ptr - digits));
}

void AppendDay(std::string& out, Day day) {
  char date[10];
  core::FormatDayTo(day, date);
  out.append(date, 10);
}

void CreateDirectory(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    throw Error(ErrorKind::kIo, fmt::format("cannot create directory: {}", error.message())).At(path.string());
  }
}

void CheckTarget(const ScenarioOptions& options, const std::string& dir) {
  const std::filesystem::path toml = std::filesystem::path(dir) / "winnow.toml";
  std::error_code error;
  if (!options.force && std::filesystem::exists(toml, error)) {
    throw Error(ErrorKind::kUsage, "a project exists here already (winnow.toml); not overwritten")
        .At(toml.string())
        .Hint("add --force to overwrite it, or choose another --out directory");
  }
}


// The experts' tables (data/experts.csv, publications.csv, trials.csv, talks.csv, memberships.csv)
// and their truth (truth/experts.csv). Small: written in one piece each.
template <typename AppendAccount>
void WriteExperts(const PharmaScenario& scenario, const std::filesystem::path& root, const AppendAccount& append_id) {
  const PharmaExperts& x = scenario.experts;
  const int width = static_cast<int>(std::to_string(x.experts.size()).size());
  auto expert_id = [&](std::string& text, uint32_t e) { AppendId(text, "E", e + 1, width); };
  auto write = [&](const std::filesystem::path& path, const std::string& text) {
    io::OutputFile file(path.string());
    file.Write(text);
    file.Commit();
  };
  std::string text = "expert_id,name,specialty,institution,country,customer_id\n";
  for (uint32_t e = 0; e < x.experts.size(); ++e) {
    const Expert& expert = x.experts[e];
    expert_id(text, e);
    text.push_back(',');
    summary::AppendCsvField(text, expert.name);
    text.push_back(',');
    text += SpecialtyName(expert.specialty);
    text.push_back(',');
    summary::AppendCsvField(text, expert.institution);
    text.push_back(',');
    text += expert.country;
    text.push_back(',');
    if (expert.account != kNoParent) append_id(text, expert.account);
    text.push_back('\n');
  }
  write(root / "data" / "experts.csv", text);

  const int pub_width = static_cast<int>(std::to_string(x.papers.size()).size());
  text = "pub_id,expert_id,year,journal,author_position,citations,impact,keywords\n";
  for (const Authorship& a : x.authorships) {
    const Paper& paper = x.papers[a.paper];
    AppendId(text, "PUB", a.paper + 1, pub_width);
    text.push_back(',');
    expert_id(text, a.expert);
    fmt::format_to(std::back_inserter(text), ",{},", paper.year);
    summary::AppendCsvField(text, paper.journal);
    fmt::format_to(std::back_inserter(text), ",{},{},{:.1f},", a.position, paper.citations, paper.impact);
    summary::AppendCsvField(text, paper.keywords);
    text.push_back('\n');
  }
  write(root / "data" / "publications.csv", text);

  constexpr std::array<const char*, 4> kPhases = {"I", "II", "III", "IV"};
  constexpr std::array<const char*, 3> kTrialRoles = {"principal_investigator", "sub_investigator",
                                                      "steering_committee"};
  constexpr std::array<const char*, 3> kStatuses = {"ongoing", "completed", "terminated"};
  const int trial_width = static_cast<int>(std::to_string(x.trials.size()).size());
  text = "trial_id,expert_id,phase,role,start_year,status\n";
  for (const TrialSite& site : x.sites) {
    const Trial& trial = x.trials[site.trial];
    AppendId(text, "TR", site.trial + 1, trial_width);
    text.push_back(',');
    expert_id(text, site.expert);
    fmt::format_to(std::back_inserter(text), ",{},{},{},{}\n", kPhases[trial.phase - 1],
                   kTrialRoles[static_cast<size_t>(site.role)], trial.start_year,
                   kStatuses[static_cast<size_t>(trial.status)]);
  }
  write(root / "data" / "trials.csv", text);

  constexpr std::array<const char*, 4> kLevels = {"international", "national", "regional", "local"};
  constexpr std::array<const char*, 4> kTalkRoles = {"keynote", "chair", "speaker", "panel"};
  text = "event,expert_id,year,level,role\n";
  for (const Talk& talk : x.talks) {
    const Event& event = x.events[talk.event];
    summary::AppendCsvField(text, event.name);
    text.push_back(',');
    expert_id(text, talk.expert);
    fmt::format_to(std::back_inserter(text), ",{},{},{}\n", event.year, kLevels[static_cast<size_t>(event.level)],
                   kTalkRoles[static_cast<size_t>(talk.role)]);
  }
  write(root / "data" / "talks.csv", text);

  constexpr std::array<const char*, 4> kKinds = {"guideline_committee", "advisory_board", "society_board",
                                                 "editorial_board"};
  text = "body,expert_id,kind,from,to\n";
  for (const Membership& m : x.memberships) {
    summary::AppendCsvField(text, m.body);
    text.push_back(',');
    expert_id(text, m.expert);
    fmt::format_to(std::back_inserter(text), ",{},{},", kKinds[static_cast<size_t>(m.kind)], m.from);
    if (m.to != 0) text += std::to_string(m.to);
    text.push_back('\n');
  }
  write(root / "data" / "memberships.csv", text);

  text = "expert_id,rising_star,activity\n";
  for (uint32_t e = 0; e < x.experts.size(); ++e) {
    expert_id(text, e);
    fmt::format_to(std::back_inserter(text), ",{},{:.4f}\n", x.experts[e].rising_star ? 1 : 0, x.experts[e].activity);
  }
  write(root / "truth" / "experts.csv", text);
}

}  // namespace

void WritePharmaProject(const PharmaScenario& scenario, const ScenarioOptions& options, const std::string& dir) {
  CheckTarget(options, dir);
  const std::filesystem::path root(dir);
  CreateDirectory(root / "data");
  CreateDirectory(root / "truth");
  const size_t threads = options.threads;
  const uint32_t customers = static_cast<uint32_t>(scenario.customers);
  const int customer_width = static_cast<int>(std::to_string(scenario.customers).size());
  const int parent_width = static_cast<int>(std::to_string(scenario.accounts.size() - scenario.customers).size());
  auto append_id = [&](std::string& text, uint32_t account) {
    if (account < customers) {
      AppendId(text, "C", account + 1, customer_width);
    } else {
      AppendId(text, "P", account - customers + 1, parent_width);
    }
  };
  const int rep_width = static_cast<int>(std::to_string(scenario.reps.size()).size());
  auto append_rep = [&](std::string& text, uint32_t rep) { AppendId(text, "rep", rep + 1, rep_width); };

  {  // Parents first (each after its own parent), then the purchasing accounts.
    io::OutputFile file((root / "data" / "customers.csv").string());
    file.Write("customer_id,name,type,region,owner,parent_id,potential\n");
    const size_t parents = scenario.accounts.size() - customers;
    io::WriteRowsInParallel(file, scenario.accounts.size(), threads, [&](size_t row, std::string& text) {
      const uint32_t k = static_cast<uint32_t>(row < parents ? customers + row : row - parents);
      const Account& account = scenario.accounts[k];
      append_id(text, k);
      text.push_back(',');
      summary::AppendCsvField(text, AccountName(account));
      text.push_back(',');
      text += AccountTypeName(account.type);
      text.push_back(',');
      text += kRegions[account.region];
      text.push_back(',');
      append_rep(text, account.owner);
      text.push_back(',');
      if (account.parent != kNoParent) append_id(text, account.parent);
      text.push_back(',');
      if (k < customers) AppendMoney(text, account.potential);
      text.push_back('\n');
    });
    file.Commit();
  }
  {
    io::OutputFile file((root / "data" / "transactions.csv").string());
    file.Write("customer_id,date,amount\n");
    const SimulatedLog& orders = scenario.orders;
    io::WriteRowsInParallel(file, orders.customer.size(), threads, [&](size_t row, std::string& text) {
      append_id(text, orders.customer[row]);
      text.push_back(',');
      AppendDay(text, orders.day[row]);
      text.push_back(',');
      AppendMoney(text, orders.amount[row]);
      text.push_back('\n');
    });
    file.Commit();
  }
  {
    io::OutputFile file((root / "data" / "referrals.csv").string());
    file.Write("referrer_id,referred_id,date\n");
    io::WriteRowsInParallel(file, scenario.referrals.size(), threads, [&](size_t row, std::string& text) {
      const Referral& referral = scenario.referrals[row];
      append_id(text, referral.referrer);
      text.push_back(',');
      append_id(text, referral.referred);
      text.push_back(',');
      AppendDay(text, referral.date);
      text.push_back('\n');
    });
    file.Commit();
  }
  {
    io::OutputFile file((root / "data" / "reps.csv").string());
    file.Write("rep_id,name,region,capacity,cost,channel\n");
    std::string text;
    for (uint32_t rep = 0; rep < scenario.reps.size(); ++rep) {
      const Rep& r = scenario.reps[rep];
      append_rep(text, rep);
      text.push_back(',');
      summary::AppendCsvField(text, r.name);
      text.push_back(',');
      for (size_t j = 0; j < r.regions.size(); ++j) {
        if (j > 0) text.push_back('/');
        text += kRegions[r.regions[j]];
      }
      text.push_back(',');
      text += std::to_string(r.capacity);
      text.push_back(',');
      AppendMoney(text, kVisitCost);
      text += ",visit\n";
    }
    file.Write(text);
    file.Commit();
  }
  {
    io::OutputFile file((root / "data" / "interactions.csv").string());
    file.Write("customer_id,date,channel,rep_id,cost\n");
    const SimulatedContacts& contacts = scenario.contacts;
    std::vector<uint32_t> owner(customers);  // compact: the rows look it up at random
    for (uint32_t k = 0; k < customers; ++k) owner[k] = scenario.accounts[k].owner;
    io::WriteRowsInParallel(file, contacts.customer.size(), threads, [&](size_t row, std::string& text) {
      const uint32_t k = contacts.customer[row];
      append_id(text, k);
      text.push_back(',');
      AppendDay(text, contacts.day[row]);
      text.push_back(',');
      text += ChannelName(contacts.channel[row]);
      text.push_back(',');
      append_rep(text, owner[k]);
      text.push_back(',');
      AppendMoney(text, contacts.channel[row] == Channel::kVisit ? kVisitCost : 0.0);
      text.push_back('\n');
    });
    file.Commit();
  }
  {
    io::OutputFile file((root / "truth" / "future.csv").string());
    file.Write("customer_id,alive,future_purchases,future_revenue\n");
    io::WriteRowsInParallel(file, customers, threads, [&](size_t row, std::string& text) {
      const Account& account = scenario.accounts[row];
      if (account.prospect) return;
      append_id(text, static_cast<uint32_t>(row));
      text += account.alive ? ",1," : ",0,";
      text += std::to_string(account.future_purchases);
      text.push_back(',');
      AppendMoney(text, account.future_revenue);
      text.push_back('\n');
    });
    file.Commit();
  }
  {
    io::OutputFile file((root / "truth" / "response.csv").string());
    file.Write("customer_id,period_days,stake,amplitude,half,shape\n");
    io::WriteRowsInParallel(file, customers, threads, [&](size_t row, std::string& text) {
      const Account& account = scenario.accounts[row];
      if (account.prospect) return;
      append_id(text, static_cast<uint32_t>(row));
      fmt::format_to(std::back_inserter(text), ",{},", kPharmaPeriodDays);
      AppendMoney(text, account.stake);
      fmt::format_to(std::back_inserter(text), ",{:.6f},{:.6f},{:.6f}\n", account.amplitude, account.half,
                     account.shape);
    });
    file.Commit();
  }
  WriteExperts(scenario, root, append_id);
  {
    io::OutputFile file((root / "winnow.toml").string());
    file.Write(fmt::format(
        "# winnow project: simulated pharma sample (winnow simulate --scenario pharma --seed {})\n"
        "[input]\n"
        "transactions = \"data/transactions.csv\"\n"
        "customers = \"data/customers.csv\"\n"
        "referrals = \"data/referrals.csv\"\n"
        "\n"
        "[period]\n"
        "time_unit = \"week\"\n"
        "observation_end = \"{}\"\n"
        "\n"
        "[value]\n"
        "horizon = \"52 weeks\"\n"
        "annual_discount_rate = 0.10\n"
        "margin = 0.30\n"
        "\n"
        "[report]\n"
        "locale = \"de-DE\"\n"
        "currency = \"EUR\"\n"
        "title = \"Kundenwert und Au\u00dfendienst\"\n"
        "client = \"Beispiel Pharma GmbH (simuliert)\"\n"
        "\n"
        "[evaluation]\n"
        "truth = \"truth/future.csv\"\n"
        "window = \"52 weeks\"\n"
        "\n"
        "[experts]\n"
        "experts = \"data/experts.csv\"\n"
        "publications = \"data/publications.csv\"\n"
        "trials = \"data/trials.csv\"\n"
        "talks = \"data/talks.csv\"\n"
        "memberships = \"data/memberships.csv\"\n"
        "\n"
        "[plan]\n"
        "reps = \"data/reps.csv\"\n"
        "interactions = \"data/interactions.csv\"\n"
        "period = \"13 weeks\"\n"
        "budget = {:.0f}\n"
        "truth = \"truth/response.csv\"\n"
        "\n"
        "[[plan.rules]]\n"
        "tier = \"A\"\n"
        "min = 1\n",
        options.seed, core::FormatDay(scenario.orders.end), scenario.budget));
    file.Commit();
  }
}

PharmaScenario WritePharmaScenario(const ScenarioOptions& options, const std::string& dir) {
  CheckTarget(options, dir);
  PharmaScenario scenario = SimulatePharma(options);
  WritePharmaProject(scenario, options, dir);
  return scenario;
}

}  // namespace winnow::simulate
