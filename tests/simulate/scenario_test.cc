#include "simulate/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "io/csv_table.h"
#include "test_util.h"

namespace winnow::simulate {
namespace {

using winnow::testing::D;
using winnow::testing::ExpectError;
using winnow::testing::ReadFile;
using winnow::testing::TempDir;

const std::vector<std::string> kFiles = {"data/customers.csv", "data/transactions.csv", "data/referrals.csv",
                                         "data/reps.csv",      "data/interactions.csv", "truth/future.csv",
                                         "truth/response.csv", "data/experts.csv",      "data/publications.csv",
                                         "data/trials.csv",    "data/talks.csv",        "data/memberships.csv",
                                         "truth/experts.csv",  "winnow.toml"};

ScenarioOptions Options(uint64_t customers, uint64_t seed, size_t threads = 1) {
  ScenarioOptions options;
  options.customers = customers;
  options.seed = seed;
  options.threads = threads;
  return options;
}

// A written project read back through io::CsvTable, as the engine reads it.
struct Project {
  struct Customer {
    std::string name, type, region, owner, parent_id, potential;
  };
  std::vector<std::string> customer_order;
  std::unordered_map<std::string, Customer> customers;
  std::vector<std::string> tx_customer;
  std::vector<core::Day> tx_day;
  std::vector<double> tx_amount;
  std::vector<std::string> referrer, referred;
  std::vector<core::Day> referral_day;
  std::vector<std::string> truth_customer;
  std::vector<double> alive, future_purchases, future_revenue;
  std::vector<std::string> rep_id, rep_name, rep_region, rep_cost, rep_channel;
  std::vector<double> rep_capacity;
  std::vector<std::string> contact_customer, contact_channel, contact_rep, contact_cost;
  std::vector<core::Day> contact_day;
  std::vector<std::string> response_customer;
  std::vector<double> period_days, stake, amplitude, half, shape;
  std::vector<std::vector<std::string>> headers;
};

core::Day ParseDay(const std::string& text) {
  core::Day day = 0;
  EXPECT_EQ(core::DateParser::Iso().Parse(text, &day), core::DateStatus::kOk) << text;
  return day;
}

Project Load(const std::string& dir) {
  Project p;
  const io::CsvTable customers = io::CsvTable::Read(dir + "/data/customers.csv");
  p.headers.push_back(customers.header());
  const auto ids = customers.Strings("customer_id");
  const auto names = customers.Strings("name"), types = customers.Strings("type");
  const auto regions = customers.Strings("region"), owners = customers.Strings("owner");
  const auto parents = customers.Strings("parent_id"), potentials = customers.Strings("potential");
  for (size_t row = 0; row < customers.rows(); ++row) {
    p.customer_order.push_back(ids[row]);
    EXPECT_TRUE(p.customers.emplace(ids[row], Project::Customer{names[row], types[row], regions[row], owners[row],
                                                                 parents[row], potentials[row]})
                    .second)
        << "duplicate customer " << ids[row];
  }
  const io::CsvTable tx = io::CsvTable::Read(dir + "/data/transactions.csv", {}, {});
  p.headers.push_back(tx.header());
  p.tx_customer = tx.Strings("customer_id");
  for (const auto& date : tx.Strings("date")) p.tx_day.push_back(ParseDay(date));
  p.tx_amount = tx.Numbers("amount");
  const io::CsvTable referrals = io::CsvTable::Read(dir + "/data/referrals.csv", {}, {});
  p.headers.push_back(referrals.header());
  p.referrer = referrals.Strings("referrer_id");
  p.referred = referrals.Strings("referred_id");
  for (const auto& date : referrals.Strings("date")) p.referral_day.push_back(ParseDay(date));
  const io::CsvTable truth = io::CsvTable::Read(dir + "/truth/future.csv", {}, {"customer_id"});
  p.headers.push_back(truth.header());
  p.truth_customer = truth.Strings("customer_id");
  p.alive = truth.Numbers("alive");
  p.future_purchases = truth.Numbers("future_purchases");
  p.future_revenue = truth.Numbers("future_revenue");
  const io::CsvTable reps = io::CsvTable::Read(dir + "/data/reps.csv", {}, {});
  p.headers.push_back(reps.header());
  p.rep_id = reps.Strings("rep_id");
  p.rep_name = reps.Strings("name");
  p.rep_region = reps.Strings("region");
  p.rep_capacity = reps.Numbers("capacity");
  p.rep_cost = reps.Strings("cost");
  p.rep_channel = reps.Strings("channel");
  const io::CsvTable contacts = io::CsvTable::Read(dir + "/data/interactions.csv", {}, {});
  p.headers.push_back(contacts.header());
  p.contact_customer = contacts.Strings("customer_id");
  for (const auto& date : contacts.Strings("date")) p.contact_day.push_back(ParseDay(date));
  p.contact_channel = contacts.Strings("channel");
  p.contact_rep = contacts.Strings("rep_id");
  p.contact_cost = contacts.Strings("cost");
  const io::CsvTable response = io::CsvTable::Read(dir + "/truth/response.csv", {}, {});
  p.headers.push_back(response.header());
  p.response_customer = response.Strings("customer_id");
  p.period_days = response.Numbers("period_days");
  p.stake = response.Numbers("stake");
  p.amplitude = response.Numbers("amplitude");
  p.half = response.Numbers("half");
  p.shape = response.Numbers("shape");
  return p;
}

// The contact periods: 13 weeks counted back from the observation end (the first three days of
// the log, 2024-01-01..03, belong to none): 0..10, or -1.
int PeriodOf(core::Day day) { return day < D("2024-01-04") ? -1 : (day - D("2024-01-04")) / 91; }

// The cost of the last period's visits, from the interactions.
double LastPeriodVisitCost(const Project& p) {
  double cost = 0;
  for (size_t row = 0; row < p.contact_day.size(); ++row) {
    if (p.contact_day[row] >= D("2026-07-02") && p.contact_channel[row] == "visit") cost += 120;
  }
  return cost;
}

bool IsPurchasing(const std::string& type) { return type == "hospital" || type == "practice" || type == "pharmacy"; }

TEST(PharmaScenario, SameSeedWritesIdenticalFilesWhateverTheThreadCount) {
  TempDir one, two;
  WritePharmaScenario(Options(9000, 11, 1), one.path());  // three blocks of accounts
  WritePharmaScenario(Options(9000, 11, 3), two.path());
  for (const auto& file : kFiles) {
    const std::string a = ReadFile(one.File(file));
    EXPECT_FALSE(a.empty()) << file;
    EXPECT_TRUE(a == ReadFile(two.File(file))) << file << " differs";
  }
}

TEST(PharmaScenario, DifferentSeedsWriteDifferentFiles) {
  TempDir one, two;
  WritePharmaScenario(Options(2000, 1), one.path());
  WritePharmaScenario(Options(2000, 2), two.path());
  for (const auto& file : {"data/customers.csv", "data/transactions.csv", "data/referrals.csv", "truth/future.csv"}) {
    EXPECT_NE(ReadFile(one.File(file)), ReadFile(two.File(file))) << file;
  }
}

TEST(PharmaScenario, WritesTheContractHeadersAndConfiguration) {
  TempDir dir;
  WritePharmaScenario(Options(500, 5), dir.path());
  const Project p = Load(dir.path());
  using Header = std::vector<std::string>;
  EXPECT_EQ(p.headers[0], (Header{"customer_id", "name", "type", "region", "owner", "parent_id", "potential"}));
  EXPECT_EQ(p.headers[1], (Header{"customer_id", "date", "amount"}));
  EXPECT_EQ(p.headers[2], (Header{"referrer_id", "referred_id", "date"}));
  EXPECT_EQ(p.headers[3], (Header{"customer_id", "alive", "future_purchases", "future_revenue"}));
  EXPECT_EQ(p.headers[4], (Header{"rep_id", "name", "region", "capacity", "cost", "channel"}));
  EXPECT_EQ(p.headers[5], (Header{"customer_id", "date", "channel", "rep_id", "cost"}));
  EXPECT_EQ(p.headers[6], (Header{"customer_id", "period_days", "stake", "amplitude", "half", "shape"}));
  // The budget: the cost of the last period's visits (2026-07-02..09-30), rounded to hundreds.
  const double budget = std::round(LastPeriodVisitCost(p) / 100) * 100;
  ASSERT_GT(budget, 0);
  EXPECT_EQ(ReadFile(dir.File("winnow.toml")),
            "# winnow project: simulated pharma sample (winnow simulate --scenario pharma --seed 5)\n"
            "[input]\n"
            "transactions = \"data/transactions.csv\"\n"
            "customers = \"data/customers.csv\"\n"
            "referrals = \"data/referrals.csv\"\n"
            "\n"
            "[period]\n"
            "time_unit = \"week\"\n"
            "observation_end = \"2026-09-30\"\n"
            "\n"
            "[value]\n"
            "horizon = \"52 weeks\"\n"
            "annual_discount_rate = 0.10\n"
            "margin = 0.30\n"
            "\n"
            "[report]\n"
            "locale = \"de-DE\"\n"
            "currency = \"EUR\"\n"
            "title = \"Kundenwert und Außendienst\"\n"
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
            "budget = " +
                std::to_string(static_cast<int64_t>(budget)) +
                "\n"
                "truth = \"truth/response.csv\"\n"
                "\n"
                "[[plan.rules]]\n"
                "tier = \"A\"\n"
                "min = 1\n");
  // No temporary files are left behind.
  size_t entries = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) ++entries;
  }
  EXPECT_EQ(entries, kFiles.size());
}

TEST(PharmaScenario, FilesAreReferentiallyIntact) {
  TempDir dir;
  WritePharmaScenario(Options(6000, 3), dir.path());
  const Project p = Load(dir.path());

  // Customers: types, regions, owners; parents exist, have the right type, come before their
  // children, and the hierarchy has no cycles.
  const std::set<std::string> regions = {"North", "South", "East", "West", "Central"};
  std::unordered_map<std::string, size_t> row_of;
  for (size_t row = 0; row < p.customer_order.size(); ++row) row_of[p.customer_order[row]] = row;
  size_t purchasing = 0;
  for (const auto& id : p.customer_order) {
    const auto& c = p.customers.at(id);
    EXPECT_TRUE(regions.count(c.region)) << id << " " << c.region;
    ASSERT_EQ(c.owner.size(), 5u) << id;
    EXPECT_EQ(c.owner.substr(0, 3), "rep");
    const int rep = std::stoi(c.owner.substr(3));
    EXPECT_TRUE(rep >= 1 && rep <= 12) << c.owner;
    EXPECT_FALSE(c.name.empty());
    if (IsPurchasing(c.type)) {
      ++purchasing;
      ASSERT_FALSE(c.potential.empty()) << id;
      EXPECT_GE(std::stod(c.potential), 500.0) << id;
    } else {
      EXPECT_TRUE(c.potential.empty()) << id;
    }
    if (!c.parent_id.empty()) {
      ASSERT_TRUE(p.customers.count(c.parent_id)) << id << " has unknown parent " << c.parent_id;
      const std::string& parent_type = p.customers.at(c.parent_id).type;
      if (c.type == "hospital") {
        EXPECT_EQ(parent_type, "hospital_chain");
      } else if (c.type == "practice" || c.type == "pharmacy") {
        EXPECT_EQ(parent_type, "purchasing_group");
      } else {
        EXPECT_EQ(parent_type, "national_group") << id << " of type " << c.type;
      }
      EXPECT_LT(row_of.at(c.parent_id), row_of.at(id)) << "parent written after its child";
    }
    std::string up = id;
    for (int depth = 0; !p.customers.at(up).parent_id.empty(); ++depth) {
      ASSERT_LT(depth, 4) << "cycle or too deep above " << id;
      up = p.customers.at(up).parent_id;
    }
    EXPECT_EQ(p.customers.at(up).parent_id, "");
  }
  EXPECT_EQ(purchasing, 6000u);

  // Transactions: known purchasing accounts, sorted dates in the window, positive cents.
  std::unordered_map<std::string, core::Day> first_order;
  ASSERT_GT(p.tx_customer.size(), 6000u);
  for (size_t row = 0; row < p.tx_customer.size(); ++row) {
    const std::string& id = p.tx_customer[row];
    ASSERT_TRUE(p.customers.count(id)) << "unknown customer " << id;
    ASSERT_TRUE(IsPurchasing(p.customers.at(id).type)) << id << " is a parent and has orders";
    ASSERT_GE(p.tx_day[row], D("2024-01-01"));
    ASSERT_LE(p.tx_day[row], D("2026-09-30"));
    if (row > 0) {
      ASSERT_LE(p.tx_day[row - 1], p.tx_day[row]) << "not sorted by date at row " << row;
    }
    ASSERT_GT(p.tx_amount[row], 0.0);
    ASSERT_NEAR(p.tx_amount[row] * 100, std::round(p.tx_amount[row] * 100), 1e-6);
    first_order.emplace(id, p.tx_day[row]);
  }

  // Referrals: known accounts, each referred once, dated on the referred account's first order,
  // and the referrer ordered before that.
  std::unordered_set<std::string> referred;
  ASSERT_GT(p.referrer.size(), 0u);
  for (size_t row = 0; row < p.referrer.size(); ++row) {
    EXPECT_TRUE(referred.insert(p.referred[row]).second) << p.referred[row] << " referred twice";
    ASSERT_TRUE(first_order.count(p.referred[row])) << p.referred[row] << " has no orders";
    ASSERT_TRUE(first_order.count(p.referrer[row])) << p.referrer[row] << " has no orders";
    EXPECT_EQ(p.referral_day[row], first_order.at(p.referred[row]));
    EXPECT_LT(first_order.at(p.referrer[row]), p.referral_day[row]);
    EXPECT_EQ(p.customers.at(p.referrer[row]).region, p.customers.at(p.referred[row]).region);
  }

  // Truth: exactly the accounts with orders, in a consistent state.
  std::unordered_set<std::string> truth(p.truth_customer.begin(), p.truth_customer.end());
  EXPECT_EQ(truth.size(), p.truth_customer.size());
  EXPECT_EQ(truth.size(), first_order.size());
  for (const auto& [id, day] : first_order) EXPECT_TRUE(truth.count(id)) << id << " missing in the truth";
  for (size_t row = 0; row < p.truth_customer.size(); ++row) {
    EXPECT_TRUE(p.alive[row] == 0 || p.alive[row] == 1);
    EXPECT_GE(p.future_purchases[row], 0);
    EXPECT_EQ(p.future_purchases[row] > 0, p.future_revenue[row] > 0) << p.truth_customer[row];
    if (p.future_purchases[row] > 0) {
      EXPECT_EQ(p.alive[row], 1) << "a dead account buys: " << p.truth_customer[row];
    }
  }
  // Interactions: accounts with orders, on business days of the periods from the first order on,
  // sorted by date, by the account's owner, visits at 120 and emails at 0.
  ASSERT_GT(p.contact_customer.size(), 6000u);
  std::map<std::string, size_t> channels;
  for (size_t row = 0; row < p.contact_customer.size(); ++row) {
    const std::string& id = p.contact_customer[row];
    ASSERT_TRUE(first_order.count(id)) << id << " has contacts but no orders";
    ASSERT_GE(p.contact_day[row], first_order.at(id)) << id << " contacted before its first order";
    ASSERT_GE(p.contact_day[row], D("2024-01-04"));
    ASSERT_LE(p.contact_day[row], D("2026-09-30"));
    ASSERT_LT((p.contact_day[row] - D("2024-01-01")) % 7, 5) << core::FormatDay(p.contact_day[row]);
    if (row > 0) {
      ASSERT_LE(p.contact_day[row - 1], p.contact_day[row]) << "not sorted by date at row " << row;
    }
    ASSERT_EQ(p.contact_rep[row], p.customers.at(id).owner) << id;
    ++channels[p.contact_channel[row]];
    ASSERT_EQ(p.contact_cost[row], p.contact_channel[row] == "visit" ? "120.00" : "0.00") << p.contact_channel[row];
  }
  EXPECT_EQ(channels.size(), 2u);
  EXPECT_GT(channels["visit"], channels["email"]);  // about 2.3 visits and 1 email per account and period
  EXPECT_GT(channels["email"], 0u);

  // The true response: one row per account with orders, in the order of future.csv; no stake
  // when the account is dead at the observation end.
  ASSERT_EQ(p.response_customer, p.truth_customer);
  const std::map<std::string, double> shapes = {{"hospital", 1.527}, {"practice", 0.759}, {"pharmacy", 0.899}};
  size_t alive_with_stake = 0, alive = 0;
  for (size_t row = 0; row < p.response_customer.size(); ++row) {
    const std::string& id = p.response_customer[row];
    EXPECT_EQ(p.period_days[row], 91);
    EXPECT_GE(p.stake[row], 0);
    if (p.alive[row] == 0) {
      EXPECT_EQ(p.stake[row], 0) << id << " is dead and has a stake";
    }
    alive += p.alive[row] == 1;
    alive_with_stake += p.alive[row] == 1 && p.stake[row] > 0;
    EXPECT_GT(p.amplitude[row], 0) << id;
    EXPECT_GT(p.half[row], 0) << id;
    EXPECT_NEAR(p.shape[row], shapes.at(p.customers.at(id).type), 0.001) << id;
  }
  EXPECT_GT(alive_with_stake, alive * 99 / 100);

  // Prospects: purchasing accounts without orders, about 3%.
  const size_t prospects = purchasing - first_order.size();
  EXPECT_GT(prospects, 6000 * 0.02);
  EXPECT_LT(prospects, 6000 * 0.04);
}

TEST(PharmaScenario, AccountTypesBehaveDifferently) {
  TempDir dir;
  WritePharmaScenario(Options(20000, 2024), dir.path());
  const Project p = Load(dir.path());
  std::map<std::string, double> accounts, revenue, orders, potential;
  std::map<std::string, std::vector<double>> potentials;
  for (const auto& [id, c] : p.customers) {
    accounts[c.type] += 1;
    if (!c.potential.empty()) potentials[c.type].push_back(std::stod(c.potential));
  }
  for (size_t row = 0; row < p.tx_customer.size(); ++row) {
    const std::string& type = p.customers.at(p.tx_customer[row]).type;
    revenue[type] += p.tx_amount[row];
    orders[type] += 1;
  }
  // Shares of the purchasing accounts: 15/50/35% (standard errors below 0.004).
  EXPECT_NEAR(accounts["hospital"] / 20000, 0.15, 0.02);
  EXPECT_NEAR(accounts["practice"] / 20000, 0.50, 0.02);
  EXPECT_NEAR(accounts["pharmacy"] / 20000, 0.35, 0.02);
  EXPECT_GT(accounts["hospital_chain"], 0);
  EXPECT_GT(accounts["purchasing_group"], 0);
  EXPECT_GT(accounts["national_group"], 0);
  // Mean order value: hospitals (about 2400) > practices (350) > pharmacies (180).
  const double hospital_order = revenue["hospital"] / orders["hospital"];
  const double practice_order = revenue["practice"] / orders["practice"];
  const double pharmacy_order = revenue["pharmacy"] / orders["pharmacy"];
  EXPECT_GT(hospital_order, 3 * practice_order);
  EXPECT_GT(practice_order, 1.3 * pharmacy_order);
  // Orders per account: pharmacies order more often than practices; hospitals dominate revenue.
  EXPECT_GT(orders["pharmacy"] / accounts["pharmacy"], 1.5 * orders["practice"] / accounts["practice"]);
  EXPECT_GT(revenue["hospital"], revenue["practice"] + revenue["pharmacy"]);
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  EXPECT_GT(median(potentials["hospital"]), 5 * median(potentials["practice"]));
  // Orders are booked on business days only (2024-01-01 is a Monday).
  for (core::Day day : p.tx_day) {
    const int weekday = (day - D("2024-01-01")) % 7;
    ASSERT_LT(weekday, 5) << core::FormatDay(day);
  }
  // 10-20% of the accounts with orders came through a referral.
  const double referred_share = static_cast<double>(p.referred.size()) / static_cast<double>(p.truth_customer.size());
  EXPECT_GT(referred_share, 0.10);
  EXPECT_LT(referred_share, 0.20);
}

// The contact effect on an order of account k on `day` (scenario.h): r_k(x), x = the period's
// visits / (mu_k * s), s the share of the period's 65 business days from the first order on,
// r(x) = b + amplitude x^c / (d + x^c), d = (half / mu)^c, b = 1 - amplitude / (1 + d); 1 outside
// the periods.
double ContactMultiplier(const Account& account, core::Day first_order, core::Day day, int visits) {
  const int period = PeriodOf(day);
  if (period < 0) return 1.0;
  const core::Day period_start = D("2024-01-04") + 91 * period;
  int business_days = 0;
  for (core::Day d = std::max(period_start, first_order); d < period_start + 91; ++d) {
    business_days += (d - D("2024-01-01")) % 7 < 5;
  }
  const double level = account.contact_level * business_days / 65.0;
  const double x = visits / level, c = account.shape;
  const double d = std::pow(account.half / account.contact_level, c);
  return 1.0 - account.amplitude / (1.0 + d) + account.amplitude * std::pow(x, c) / (d + std::pow(x, c));
}

// Gamma-Gamma spend: an account's amounts are Gamma(p, nu), nu ~ Gamma(q, gamma), so the mean of
// the accounts' first amounts (before the contact effect, which is divided out) is
// p * gamma / (q - 1): 2403.33 for hospitals, 350 for practices, 180 for pharmacies (scenario.h).
// One amount per account keeps the draws independent; the first order is the account's first row
// (rows of one day keep account order, and an account has one first order). Tolerance: 5
// standard errors of the mean.
TEST(PharmaScenarioStatistics, FirstOrderAmountsMatchTheGammaGammaMeans) {
  const PharmaScenario scenario = SimulatePharma(Options(40000, 99, 2));
  std::vector<core::Day> first_order(scenario.customers, 0);
  std::vector<char> seen(scenario.customers, 0);
  std::vector<size_t> first_row(scenario.customers, 0);
  for (size_t row = 0; row < scenario.orders.customer.size(); ++row) {
    const uint32_t k = scenario.orders.customer[row];
    if (seen[k]++) continue;
    first_order[k] = scenario.orders.day[row];
    first_row[k] = row;
  }
  std::vector<int> first_period_visits(scenario.customers, 0);
  for (size_t row = 0; row < scenario.contacts.customer.size(); ++row) {
    const uint32_t k = scenario.contacts.customer[row];
    if (scenario.contacts.channel[row] == Channel::kVisit &&
        PeriodOf(scenario.contacts.day[row]) == std::max(0, PeriodOf(first_order[k]))) {
      ++first_period_visits[k];
    }
  }
  std::map<AccountType, std::vector<double>> first;
  for (uint32_t k = 0; k < scenario.customers; ++k) {
    if (!seen[k]) continue;
    const Account& account = scenario.accounts[k];
    const double amount = scenario.orders.amount[first_row[k]];
    first[account.type].push_back(
        amount / ContactMultiplier(account, first_order[k], first_order[k], first_period_visits[k]));
  }
  const std::map<AccountType, double> expected = {{AccountType::kHospital, 3.5 * 2060 / 3},
                                                  {AccountType::kPractice, 4 * 350 / 4.0},
                                                  {AccountType::kPharmacy, 6 * 180 / 6.0}};
  for (const auto& [type, mean_expected] : expected) {
    const auto& v = first[type];
    ASSERT_GT(v.size(), 4000u);
    double sum = 0, sum2 = 0;
    for (double x : v) {
      sum += x;
      sum2 += x * x;
    }
    const double n = static_cast<double>(v.size());
    const double mean = sum / n;
    const double standard_error = std::sqrt((sum2 / n - mean * mean) / (n - 1));
    EXPECT_NEAR(mean, mean_expected, 5 * standard_error)
        << AccountTypeName(type) << ", standard error " << standard_error;
  }
}

// Last year's revenue is an imperfect predictor: among the top tenth of accounts by revenue in the
// last 52 weeks, some have stopped buying for good.
TEST(PharmaScenarioStatistics, SomeBigPastBuyersHaveChurned) {
  const PharmaScenario scenario = SimulatePharma(Options(20000, 7, 2));
  const core::Day end = PharmaObservationEnd();
  std::vector<double> last_year(scenario.customers, 0.0);
  for (size_t row = 0; row < scenario.orders.customer.size(); ++row) {
    if (scenario.orders.day[row] > end - 364) last_year[scenario.orders.customer[row]] += scenario.orders.amount[row];
  }
  std::vector<uint32_t> order(scenario.customers);
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return last_year[a] > last_year[b]; });
  size_t churned = 0;
  const size_t top = scenario.customers / 10;
  for (size_t i = 0; i < top; ++i) churned += scenario.accounts[order[i]].alive ? 0 : 1;
  EXPECT_GT(churned, top / 50);
  EXPECT_LT(churned, top / 3);
  size_t alive = 0, buyers = 0;
  for (uint64_t k = 0; k < scenario.customers; ++k) {
    if (scenario.accounts[k].prospect) continue;
    ++buyers;
    alive += scenario.accounts[k].alive ? 1 : 0;
  }
  EXPECT_GT(alive, buyers / 2);
  EXPECT_LT(alive, buyers * 9 / 10);
}

// Splits "North/East" into its regions.
std::vector<std::string> Regions(const std::string& text) {
  std::vector<std::string> out;
  size_t from = 0;
  for (size_t at; (at = text.find('/', from)) != std::string::npos; from = at + 1) {
    out.push_back(text.substr(from, at - from));
  }
  out.push_back(text.substr(from));
  return out;
}

// The reps file against the customers: ids rep01.. in order, every owner a rep covering the
// account's region, one cost and channel, capacities 1.25 times today's visits (the sum within
// 1.1..1.4 times the last period's visits, which vary around their expectation).
void CheckReps(const Project& p, size_t reps, int width) {
  ASSERT_EQ(p.rep_id.size(), reps);
  std::map<std::string, std::vector<std::string>> covers;
  for (size_t rep = 0; rep < reps; ++rep) {
    const std::string number = std::to_string(rep + 1);
    EXPECT_EQ(p.rep_id[rep], "rep" + std::string(static_cast<size_t>(width) - number.size(), '0') + number);
    EXPECT_NE(p.rep_name[rep].find(' '), std::string::npos) << p.rep_name[rep];
    EXPECT_GE(p.rep_capacity[rep], 1);
    EXPECT_EQ(p.rep_cost[rep], "120.00");
    EXPECT_EQ(p.rep_channel[rep], "visit");
    covers[p.rep_id[rep]] = Regions(p.rep_region[rep]);
  }
  for (const auto& [id, c] : p.customers) {
    ASSERT_TRUE(covers.count(c.owner)) << id << " owned by unknown " << c.owner;
    const auto& regions = covers.at(c.owner);
    EXPECT_NE(std::find(regions.begin(), regions.end(), c.region), regions.end()) << id << " " << c.owner;
  }
  double capacity = 0;
  for (double c : p.rep_capacity) capacity += c;
  const double visits = LastPeriodVisitCost(p) / 120;
  EXPECT_GT(capacity, 1.1 * visits);
  EXPECT_LT(capacity, 1.4 * visits);
}

TEST(PharmaScenario, TwelveRepsUpTo6000AccountsThenOneFor500) {
  EXPECT_EQ(PharmaReps(1), 12u);
  EXPECT_EQ(PharmaReps(6000), 12u);
  EXPECT_EQ(PharmaReps(6001), 12u);
  EXPECT_EQ(PharmaReps(10000), 20u);
  EXPECT_EQ(PharmaReps(1000000), 2000u);
  PharmaScenario big;
  big.reps.resize(2000);
  EXPECT_EQ(RepId(big, 0), "rep0001");
  EXPECT_EQ(RepId(big, 1999), "rep2000");

  TempDir small_dir;
  WritePharmaScenario(Options(3000, 4), small_dir.path());
  const Project small = Load(small_dir.path());
  CheckReps(small, 12, 2);
  // Today's assignment: rep11 covers North and East, rep12 South and West, the others one region.
  EXPECT_EQ(small.rep_region, (std::vector<std::string>{"North", "North", "South", "South", "East", "East", "West",
                                                        "West", "Central", "Central", "North/East", "South/West"}));

  TempDir large_dir;
  WritePharmaScenario(Options(10000, 4, 2), large_dir.path());
  const Project large = Load(large_dir.path());
  CheckReps(large, 20, 2);
  // 20 reps over the regions by their shares (20/25/15/25/15%), numbered region by region.
  EXPECT_EQ(large.rep_region,
            (std::vector<std::string>{"North", "North", "North", "North", "South", "South", "South", "South", "South",
                                      "East", "East", "East", "West", "West", "West", "West", "West", "Central",
                                      "Central", "Central"}));
}

// Per account and period (0..10): visits, emails and revenue, from a scenario in memory.
struct Panel {
  std::vector<std::array<double, 11>> visits, emails, revenue;
  std::vector<int> first, last;  // periods of the first and the last order (-1: none)
  explicit Panel(const PharmaScenario& s)
      : visits(s.customers), emails(s.customers), revenue(s.customers), first(s.customers, -1), last(s.customers, -1) {
    for (size_t row = 0; row < s.orders.customer.size(); ++row) {
      const uint32_t k = s.orders.customer[row];
      const int period = PeriodOf(s.orders.day[row]);
      if (period < 0) continue;
      if (first[k] < 0) first[k] = period;
      last[k] = period;
      revenue[k][static_cast<size_t>(period)] += s.orders.amount[row];
    }
    for (size_t row = 0; row < s.contacts.customer.size(); ++row) {
      auto& counts = s.contacts.channel[row] == Channel::kVisit ? visits : emails;
      counts[s.contacts.customer[row]][static_cast<size_t>(PeriodOf(s.contacts.day[row]))] += 1;
    }
  }
  // The pooled correlation, within accounts of `type`, between a contact count and the revenue
  // relative to the account's mean, over the whole periods strictly between its first and its
  // last order's (alive throughout, no partial period), for accounts with at least three.
  double WithinCorrelation(const PharmaScenario& s, AccountType type, bool use_emails) const {
    double sxy = 0, sxx = 0, syy = 0;
    for (uint32_t k = 0; k < s.customers; ++k) {
      if (s.accounts[k].type != type || first[k] < 0 || last[k] - first[k] - 1 < 3) continue;
      const auto& x = use_emails ? emails[k] : visits[k];
      const auto& y = revenue[k];
      const size_t from = static_cast<size_t>(first[k] + 1), to = static_cast<size_t>(last[k]);
      double mx = 0, my = 0;
      for (size_t t = from; t < to; ++t) {
        mx += x[t];
        my += y[t];
      }
      mx /= static_cast<double>(to - from);
      my /= static_cast<double>(to - from);
      if (my <= 0) continue;
      for (size_t t = from; t < to; ++t) {
        sxy += (x[t] - mx) * (y[t] / my - 1);
        sxx += (x[t] - mx) * (x[t] - mx);
        syy += (y[t] / my - 1) * (y[t] / my - 1);
      }
    }
    return sxy / std::sqrt(sxx * syy);
  }
};

double Correlation(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(x.size());
  my /= static_cast<double>(y.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

// The reps call more on better accounts (across accounts, visits and revenue go together), and
// within an account revenue moves with the period's visits but not with its emails. With 20,000
// accounts the within-account correlations have standard errors of about 0.009 (hospitals, about
// 13,000 account-periods), 0.005 (practices) and 0.006 (pharmacies); the simulated ones are about
// 0.14, 0.05 and 0.03 (the slope of r at today's level, r'(1) = amplitude c d / (1 + d)^2, times
// the spread of the visits, against the noise of a period's orders). The bounds are 5 standard
// errors below those, and the emails' 3.5 standard errors around 0.
TEST(PharmaScenarioStatistics, RepsCallMoreOnBetterAccountsAndVisitsMoveRevenueWithinAnAccount) {
  const PharmaScenario s = SimulatePharma(Options(20000, 3, 2));
  const Panel panel(s);
  // Confounding: log mean visits against log mean revenue over the accounts' whole periods.
  std::vector<double> log_visits, log_revenue;
  for (uint32_t k = 0; k < s.customers; ++k) {
    if (panel.first[k] < 0 || panel.last[k] - panel.first[k] - 1 < 3) continue;
    double v = 0, r = 0;
    for (int t = panel.first[k] + 1; t < panel.last[k]; ++t) {
      v += panel.visits[k][static_cast<size_t>(t)];
      r += panel.revenue[k][static_cast<size_t>(t)];
    }
    const double periods = panel.last[k] - panel.first[k] - 1;
    log_visits.push_back(std::log(0.1 + v / periods));
    log_revenue.push_back(std::log(1 + r / periods));
  }
  ASSERT_GT(log_visits.size(), 5000u);
  EXPECT_GT(Correlation(log_visits, log_revenue), 0.4);

  EXPECT_GT(panel.WithinCorrelation(s, AccountType::kHospital, false), 0.09);
  EXPECT_GT(panel.WithinCorrelation(s, AccountType::kPractice, false), 0.025);
  EXPECT_GT(panel.WithinCorrelation(s, AccountType::kPharmacy, false), 0.005);
  EXPECT_NEAR(panel.WithinCorrelation(s, AccountType::kHospital, true), 0.0, 0.032);
  EXPECT_NEAR(panel.WithinCorrelation(s, AccountType::kPractice, true), 0.0, 0.018);
  EXPECT_NEAR(panel.WithinCorrelation(s, AccountType::kPharmacy, true), 0.0, 0.021);
}

// The truth of the response against the account's latent state: d and c of the type (half =
// mu d^(1/c)), the amplitude scaled by LogNormal(0, 0.3) around the type's a - b (mean and
// standard deviation of its log within 0.02: standard errors below 0.006), the level above the
// type's base for half the accounts (the medians of scenario.h; standard errors below 0.01), and
// the stakes: the expected revenue of 13 weeks at today's level, so a little more than a quarter
// of the 52 weeks' truth of the accounts alive (0.25 if nobody died; about 0.265 here).
TEST(PharmaScenarioStatistics, TheTrueResponseMatchesItsTable) {
  const PharmaScenario s = SimulatePharma(Options(20000, 8, 2));
  struct TypeTruth {
    double b, a, d, c, base;
  };
  const std::map<AccountType, TypeTruth> table = {{AccountType::kHospital, {0.80, 1.20, 1.0, 1.527, 4.0}},
                                                  {AccountType::kPractice, {0.85, 1.12, 0.8, 0.759, 1.5}},
                                                  {AccountType::kPharmacy, {0.95, 1.06, 1.2, 0.899, 2.0}}};
  std::map<AccountType, std::vector<double>> log_scale;
  std::map<AccountType, double> above, accounts;
  double stakes = 0, future = 0;
  for (uint32_t k = 0; k < s.customers; ++k) {
    const Account& account = s.accounts[k];
    if (account.prospect) continue;
    const TypeTruth& t = table.at(account.type);
    ASSERT_GE(account.contact_level, 0.3);
    ASSERT_LE(account.contact_level, 12);
    EXPECT_NEAR(account.shape, t.c, 0.001);
    EXPECT_NEAR(std::pow(account.half / account.contact_level, account.shape), t.d, 1e-9);
    log_scale[account.type].push_back(std::log(account.amplitude / (t.a - t.b)));
    above[account.type] += account.contact_level > t.base;
    accounts[account.type] += 1;
    if (account.alive) {
      stakes += account.stake;
      future += account.future_revenue;
    } else {
      EXPECT_EQ(account.stake, 0);
    }
  }
  for (const auto& [type, logs] : log_scale) {
    double mean = 0, sum2 = 0;
    for (double x : logs) mean += x;
    mean /= static_cast<double>(logs.size());
    for (double x : logs) sum2 += (x - mean) * (x - mean);
    EXPECT_NEAR(mean, 0, 0.02) << AccountTypeName(type);
    EXPECT_NEAR(std::sqrt(sum2 / static_cast<double>(logs.size() - 1)), 0.3, 0.02) << AccountTypeName(type);
    EXPECT_NEAR(above[type] / accounts[type], 0.5, 0.04) << AccountTypeName(type);
  }
  EXPECT_GT(stakes / future, 0.24);
  EXPECT_LT(stakes / future, 0.30);
}

// The experts' tables of a written project, read back through io::CsvTable.
struct ExpertTables {
  io::CsvTable experts, publications, trials, talks, memberships, truth;
};

ExpertTables LoadExperts(const std::string& dir) {
  return {io::CsvTable::Read(dir + "/data/experts.csv", {}, {}),
          io::CsvTable::Read(dir + "/data/publications.csv", {}, {}),
          io::CsvTable::Read(dir + "/data/trials.csv", {}, {}),
          io::CsvTable::Read(dir + "/data/talks.csv", {}, {}),
          io::CsvTable::Read(dir + "/data/memberships.csv", {}, {}),
          io::CsvTable::Read(dir + "/truth/experts.csv", {}, {})};
}

TEST(PharmaScenarioExperts, WritesTheHeadersAndConsistentIds) {
  TempDir dir;
  WritePharmaScenario(Options(3000, 7), dir.path());
  const ExpertTables t = LoadExperts(dir.path());
  using Header = std::vector<std::string>;
  EXPECT_EQ(t.experts.header(), (Header{"expert_id", "name", "specialty", "institution", "country", "customer_id"}));
  EXPECT_EQ(t.publications.header(), (Header{"pub_id", "expert_id", "year", "journal", "author_position", "citations",
                                             "impact", "keywords"}));
  EXPECT_EQ(t.trials.header(), (Header{"trial_id", "expert_id", "phase", "role", "start_year", "status"}));
  EXPECT_EQ(t.talks.header(), (Header{"event", "expert_id", "year", "level", "role"}));
  EXPECT_EQ(t.memberships.header(), (Header{"body", "expert_id", "kind", "from", "to"}));
  EXPECT_EQ(t.truth.header(), (Header{"expert_id", "rising_star", "activity"}));

  const Project p = Load(dir.path());
  // A few hundred experts: one per hospital up to 200 at hospitals, plus 15% external ones.
  ASSERT_GE(t.experts.rows(), 200u);
  ASSERT_LE(t.experts.rows(), 400u);
  const auto ids = t.experts.Strings("expert_id"), customers = t.experts.Strings("customer_id");
  const auto countries = t.experts.Strings("country"), specialties = t.experts.Strings("specialty");
  const auto institutions = t.experts.Strings("institution");
  const std::set<std::string> known(ids.begin(), ids.end());
  EXPECT_EQ(known.size(), ids.size()) << "duplicate expert ids";
  const std::set<std::string> kSpecialties = {"cardiology", "oncology",   "diabetology",
                                              "pneumology", "nephrology", "neurology"};
  size_t external = 0;
  for (size_t row = 0; row < ids.size(); ++row) {
    EXPECT_TRUE(kSpecialties.count(specialties[row])) << specialties[row];
    if (customers[row].empty()) {
      ++external;
      EXPECT_NE(countries[row], "DE") << ids[row];
      continue;
    }
    EXPECT_EQ(countries[row], "DE") << ids[row];
    const auto it = p.customers.find(customers[row]);
    ASSERT_NE(it, p.customers.end()) << customers[row];
    EXPECT_EQ(it->second.type, "hospital") << ids[row];
    EXPECT_EQ(it->second.name, institutions[row]) << ids[row];
  }
  EXPECT_GT(external, 0u);
  EXPECT_LT(external, ids.size() / 4);
  auto check = [&](const io::CsvTable& table, const char* year_column, const std::set<std::string>& allowed,
                   const char* column) {
    ASSERT_GT(table.rows(), 0u);
    for (const auto& id : table.Strings("expert_id")) EXPECT_TRUE(known.count(id)) << id;
    for (const double year : table.Numbers(year_column)) {
      EXPECT_GE(year, 2016);
      EXPECT_LE(year, 2026);
    }
    for (const auto& value : table.Strings(column)) EXPECT_TRUE(allowed.count(value)) << value;
  };
  check(t.publications, "year", {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, "author_position");
  check(t.trials, "start_year", {"principal_investigator", "sub_investigator", "steering_committee"}, "role");
  check(t.trials, "start_year", {"I", "II", "III", "IV"}, "phase");
  check(t.trials, "start_year", {"ongoing", "completed", "terminated"}, "status");
  check(t.talks, "year", {"international", "national", "regional", "local"}, "level");
  check(t.talks, "year", {"keynote", "chair", "speaker", "panel"}, "role");
  check(t.memberships, "from", {"guideline_committee", "advisory_board", "society_board", "editorial_board"}, "kind");
  const auto to = t.memberships.Strings("to");
  const auto from = t.memberships.Numbers("from");
  size_t ongoing = 0;
  for (size_t row = 0; row < to.size(); ++row) {
    if (to[row].empty()) {
      ++ongoing;
    } else {
      EXPECT_GT(std::stod(to[row]), from[row]);
      EXPECT_LE(std::stod(to[row]), 2026);
    }
  }
  EXPECT_GT(ongoing, 0u);
  EXPECT_LT(ongoing, to.size());
  const auto truth_ids = t.truth.Strings("expert_id");
  EXPECT_EQ(truth_ids, ids);

  // Authors per paper 1-12, positions 1..n; no expert twice on a paper, in a trial or at an event.
  std::map<std::string, std::vector<double>> positions;
  const auto pubs = t.publications.Strings("pub_id"), authors = t.publications.Strings("expert_id");
  const auto position = t.publications.Numbers("author_position");
  std::set<std::pair<std::string, std::string>> pairs;
  for (size_t row = 0; row < pubs.size(); ++row) {
    positions[pubs[row]].push_back(position[row]);
    EXPECT_TRUE(pairs.emplace(pubs[row], authors[row]).second) << pubs[row] << " " << authors[row];
  }
  for (const auto& [pub, list] : positions) {
    ASSERT_LE(list.size(), 12u) << pub;
    for (size_t j = 0; j < list.size(); ++j) EXPECT_EQ(list[j], static_cast<double>(j + 1)) << pub;
  }
  auto unique_pairs = [](const io::CsvTable& table, const char* key) {
    std::set<std::pair<std::string, std::string>> seen;
    const auto keys = table.Strings(key), experts = table.Strings("expert_id");
    for (size_t row = 0; row < keys.size(); ++row) EXPECT_TRUE(seen.emplace(keys[row], experts[row]).second) << keys[row];
  };
  unique_pairs(t.trials, "trial_id");
  unique_pairs(t.talks, "event");
  unique_pairs(t.memberships, "body");
}

TEST(PharmaScenarioExperts, ActivityIsLongTailedClusteredAndHasRisingStars) {
  TempDir dir;
  WritePharmaScenario(Options(3000, 7), dir.path());
  const ExpertTables t = LoadExperts(dir.path());
  const auto ids = t.experts.Strings("expert_id"), specialties = t.experts.Strings("specialty");
  std::unordered_map<std::string, std::string> specialty;
  for (size_t row = 0; row < ids.size(); ++row) specialty[ids[row]] = specialties[row];

  // Long tail: the top 10% of the experts hold more than 40% of the authorships.
  std::unordered_map<std::string, double> papers;
  const auto pubs = t.publications.Strings("pub_id"), authors = t.publications.Strings("expert_id");
  for (const auto& author : authors) ++papers[author];
  std::vector<double> counts;
  for (const auto& id : ids) counts.push_back(papers.count(id) ? papers[id] : 0.0);
  std::sort(counts.rbegin(), counts.rend());
  double top = 0, total = 0;
  for (size_t k = 0; k < counts.size(); ++k) (k < counts.size() / 10 ? top : total) += counts[k];
  total += top;
  EXPECT_GT(top / total, 0.4);

  // Communities: most co-author pairs share the specialty, but not all.
  std::map<std::string, std::vector<std::string>> by_paper;
  for (size_t row = 0; row < pubs.size(); ++row) by_paper[pubs[row]].push_back(authors[row]);
  double same = 0, pairs = 0;
  for (const auto& [pub, list] : by_paper) {
    for (size_t i = 0; i < list.size(); ++i) {
      for (size_t j = i + 1; j < list.size(); ++j) {
        ++pairs;
        same += specialty[list[i]] == specialty[list[j]];
      }
    }
  }
  ASSERT_GT(pairs, 1000);
  EXPECT_GT(same / pairs, 0.6);
  EXPECT_LT(same / pairs, 0.98);

  // Multi-site trials join experts of different institutions.
  const auto institutions = t.experts.Strings("institution");
  std::unordered_map<std::string, std::string> institution;
  for (size_t row = 0; row < ids.size(); ++row) institution[ids[row]] = institutions[row];
  std::map<std::string, std::set<std::string>> trial_institutions;
  const auto trial_ids = t.trials.Strings("trial_id"), investigators = t.trials.Strings("expert_id");
  for (size_t row = 0; row < trial_ids.size(); ++row) {
    trial_institutions[trial_ids[row]].insert(institution[investigators[row]]);
  }
  size_t multi_site = 0;
  for (const auto& [trial, set] : trial_institutions) multi_site += set.size() > 1;
  EXPECT_GT(multi_site, trial_institutions.size() / 2);
  // Events are shared by several experts.
  std::map<std::string, int> speakers;
  for (const auto& event : t.talks.Strings("event")) ++speakers[event];
  size_t shared = 0;
  for (const auto& [event, n] : speakers) shared += n > 1;
  EXPECT_GT(shared, speakers.size() / 2);

  // Rising stars (from the truth): little before 2023, much from 2023 on, per year of activity;
  // the other experts publish about evenly over the years.
  const auto truth_ids = t.truth.Strings("expert_id");
  const auto rising = t.truth.Numbers("rising_star");
  std::set<std::string> stars;
  for (size_t row = 0; row < truth_ids.size(); ++row) {
    if (rising[row] == 1) stars.insert(truth_ids[row]);
  }
  ASSERT_GE(stars.size(), 3u);
  ASSERT_LE(stars.size(), ids.size() / 10);
  const auto years = t.publications.Numbers("year");
  std::array<double, 2> star_papers{}, other_papers{};  // before 2023, from 2023
  for (size_t row = 0; row < years.size(); ++row) {
    (stars.count(authors[row]) ? star_papers : other_papers)[years[row] >= 2023] += 1;
  }
  // Per year: 7 years before 2023, 4 from 2023 on.
  EXPECT_GT(star_papers[1] / 4, 10 * star_papers[0] / 7);
  EXPECT_LT(other_papers[1] / 4, 2 * other_papers[0] / 7);
}

TEST(PharmaScenarioExperts, ScaleWithTheHospitalsAndStayDeterministic) {
  TempDir small, big;
  WritePharmaScenario(Options(200, 3), small.path());  // ~30 hospitals: one expert each, plus external ones
  WritePharmaScenario(Options(40000, 3, 2), big.path());  // ~6,000 hospitals: one expert per ten
  const Project p = Load(small.path());
  size_t hospitals = 0;
  for (const auto& [id, customer] : p.customers) hospitals += customer.type == "hospital";
  const io::CsvTable few = io::CsvTable::Read(small.File("data/experts.csv"), {}, {});
  EXPECT_EQ(few.rows(), hospitals + 10);
  const io::CsvTable many = io::CsvTable::Read(big.File("data/experts.csv"), {}, {});
  EXPECT_GT(many.rows(), 600u);
  EXPECT_LT(many.rows(), 800u);
  // The same seed with another thread count writes the same experts.
  TempDir again;
  WritePharmaScenario(Options(40000, 3, 1), again.path());
  for (const char* file : {"data/experts.csv", "data/publications.csv", "data/trials.csv", "data/talks.csv",
                           "data/memberships.csv", "truth/experts.csv"}) {
    EXPECT_TRUE(ReadFile(big.File(file)) == ReadFile(again.File(file))) << file;
  }
}

TEST(PharmaScenario, RefusesToOverwriteAProjectWithoutForce) {
  TempDir dir;
  WritePharmaScenario(Options(300, 1), dir.path());
  const std::string before = ReadFile(dir.File("data/transactions.csv"));
  ExpectError([&] { WritePharmaScenario(Options(300, 2), dir.path()); }, core::ErrorKind::kUsage,
              {.headline = dir.File("winnow.toml") + ": a project exists here already (winnow.toml); not overwritten",
               .hint = "add --force to overwrite it, or choose another --out directory"});
  EXPECT_EQ(ReadFile(dir.File("data/transactions.csv")), before);
  ScenarioOptions force = Options(300, 2);
  force.force = true;
  WritePharmaScenario(force, dir.path());
  EXPECT_NE(ReadFile(dir.File("data/transactions.csv")), before);
}

TEST(PharmaScenario, RejectsACustomerCountOutsideItsRange) {
  ExpectError([] { SimulatePharma(Options(0, 1)); }, core::ErrorKind::kUsage,
              {.message = "--customers=0: must be between 1 and 100000000"});
}

TEST(PharmaScenario, QuotesNamesWithCommas) {
  const PharmaScenario scenario = SimulatePharma(Options(3000, 7));
  size_t with_comma = 0;
  for (const Account& account : scenario.accounts) with_comma += AccountName(account).find(',') != std::string::npos;
  EXPECT_GT(with_comma, 0u);
  TempDir dir;
  WritePharmaProject(scenario, Options(3000, 7), dir.path());
  const Project p = Load(dir.path());  // CsvTable rejects rows with the wrong number of fields
  EXPECT_EQ(p.customers.size(), scenario.accounts.size());
  EXPECT_EQ(p.customers.at(AccountId(scenario, 0)).name, AccountName(scenario.accounts[0]));
}

}  // namespace
}  // namespace winnow::simulate
