// Customer value: CLV parts from a fitted model, referral value, the customers table and the
// roll-up of values to parents.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.h"
#include "model/bg_nbd.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "test_util.h"
#include "value/accounts.h"
#include "value/customer_value.h"
#include "value/referral.h"

namespace winnow::value {
namespace {

using core::ErrorKind;
using winnow::testing::ExpectError;
using winnow::testing::TempDir;

summary::CustomerSummary TwoCustomers() {
  summary::CustomerSummary s;
  s.unit = summary::TimeUnit::kDay;
  s.observation_end = 100;
  s.customer = {0, 1};
  s.frequency = {4, 0};
  s.first_day = {10, 50};
  s.last_day = {80, 50};
  s.monetary_value = {20, 0};
  s.total_revenue = {110, 15};
  return s;
}

TEST(CustomerValue, ClvIsMarginTimesSpendTimesDiscountedPurchases) {
  model::SavedModel saved;
  saved.fit.model = "bgnbd";
  saved.fit.param_names = {"r", "alpha", "a", "b"};
  saved.fit.params = {0.243, 4.414, 0.793, 2.426};
  const auto predictor = model::MakePredictor(saved);
  const model::GammaGammaParams gg{6.25, 3.74, 15.44};
  ValueOptions o;
  o.horizon = 30;
  o.discount_rate = 0.01;
  o.margin = 0.25;
  o.lookahead = 7;
  o.year = 365.25;
  o.r = 0.243;
  o.alpha = 4.414;
  const summary::CustomerSummary s = TwoCustomers();
  const CustomerValues v = ScoreCustomers(*predictor, gg, s, o, {"a", "b"});
  ASSERT_EQ(v.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const double x = s.frequency[i], t_x = s.recency(i), T = s.age(i);
    EXPECT_DOUBLE_EQ(v.p_alive[i], predictor->ProbabilityAlive(x, t_x, T));
    // Scoring evaluates all horizons of a customer at once (ConditionalExpectedPurchasesAt), which
    // may round differently from one horizon at a time: equal to 1e-12.
    const double expected = predictor->ConditionalExpectedPurchases(30, x, t_x, T);
    EXPECT_NEAR(v.expected_purchases[i], expected, 1e-12 * expected);
    EXPECT_DOUBLE_EQ(v.dert[i], predictor->DiscountedPurchases(30, 0.01, x, t_x, T));
    EXPECT_LT(v.dert[i], v.expected_purchases[i]);  // discounting lowers it
    EXPECT_DOUBLE_EQ(v.expected_spend[i], model::GammaGamma::ExpectedSpend(gg, x, s.monetary_value[i]));
    EXPECT_DOUBLE_EQ(v.clv[i], 0.25 * v.expected_spend[i] * v.dert[i]);
    EXPECT_DOUBLE_EQ(v.expected_gap[i], (4.414 + T) / (0.243 + x));
    const double annual = v.expected_spend[i] * predictor->ConditionalExpectedPurchases(365.25, x, t_x, T);
    EXPECT_NEAR(v.annual_revenue[i], annual, 1e-12 * annual);
  }
  // A customer without repeat purchases is expected to spend the population mean p gamma / (q - 1).
  EXPECT_NEAR(v.expected_spend[1], 6.25 * 15.44 / (3.74 - 1), 1e-9);
}

// Issue 10: a horizon of 1e9 time units (from winnow.toml) ran out of memory in the DERT sum.
TEST(CustomerValue, HorizonBeyondTheLimitIsAConfigError) {
  model::SavedModel saved;
  saved.fit.model = "bgnbd";
  saved.fit.param_names = {"r", "alpha", "a", "b"};
  saved.fit.params = {0.243, 4.414, 0.793, 2.426};
  const auto predictor = model::MakePredictor(saved);
  ValueOptions o;
  o.horizon = 1e9;
  o.discount_rate = 0.01;
  const summary::CustomerSummary s = TwoCustomers();
  ExpectError([&] { ScoreCustomers(*predictor, {6.25, 3.74, 15.44}, s, o, {"a", "b"}); }, ErrorKind::kConfig,
              {.rendered = "the value horizon of 1000000000 time units: must be at most 10000 (time units)\n"
                           "hint: a shorter [value] horizon or [alerts] lookahead in winnow.toml, or a longer time unit"});
  o.horizon = 10000;
  EXPECT_EQ(ScoreCustomers(*predictor, {6.25, 3.74, 15.44}, s, o, {"a", "b"}).size(), 2u);
}

TEST(CustomerValue, AnnualDiscountRateIsCompoundedPerUnit) {
  EXPECT_NEAR(RatePerUnit(0.10, 365.25), 0.10, 1e-15);
  EXPECT_NEAR(std::pow(1 + RatePerUnit(0.10, 7), 365.25 / 7), 1.10, 1e-12);
}

TEST(ReferralValue, CreditsReferredCustomersAndShrinksRates) {
  // Customer 0 referred 1 and 2; customer 3 referred nobody.
  ReferralInput in{{0, 0}, {1, 2}};
  const std::vector<double> exposure = {10, 5, 4, 10}, revenue = {100, 40, 60, 80}, clv = {50, 20, 30, 10},
                            p_alive = {0.9, 0.8, 0.7, 0.5};
  ReferralOptions o;
  o.attribution = 0.5;
  o.margin = 0.3;
  o.horizon = 8;
  o.discount_rate = 0.01;
  const ReferralValues v = ComputeReferralValues(in, exposure, revenue, clv, p_alive, o);
  EXPECT_EQ(v.referral_count, 2u);
  EXPECT_EQ(v.referrals[0], 2u);
  EXPECT_DOUBLE_EQ(v.realized[0], 0.5 * 0.3 * (40 + 60));
  EXPECT_DOUBLE_EQ(v.referred[0], 0.5 * (20 + 30));
  EXPECT_DOUBLE_EQ(v.typical_referred_value, ((0.3 * 40 + 20) + (0.3 * 60 + 30)) / 2);
  EXPECT_DOUBLE_EQ(v.population_rate, 2.0 / 29);
  const double m = v.population_rate, k = v.prior_shape;
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(v.rate[i], (k + v.referrals[i]) / (k / m + exposure[i]), 1e-12);
    EXPECT_NEAR(v.future[i], 0.5 * v.rate[i] * 8 * p_alive[i] * v.typical_referred_value * std::pow(1.01, -4), 1e-12);
    EXPECT_DOUBLE_EQ(v.total[i], v.realized[i] + v.referred[i] + v.future[i]);
  }
  EXPECT_GT(v.rate[0], v.rate[3]);  // the active referrer keeps a higher rate, shrunk towards m
  EXPECT_EQ(v.realized[3], 0.0);
}

TEST(ReferralValue, NoReferralsMeansNoReferralValue) {
  const ReferralValues v = ComputeReferralValues({}, {1, 2}, {1, 2}, {1, 2}, {0.5, 0.5}, {});
  EXPECT_EQ(v.total, std::vector<double>({0, 0}));
  EXPECT_EQ(v.population_rate, 0.0);
}

TEST(ReferralValue, RecoversTheHeterogeneityOfReferralRates) {
  // Rates lambda ~ Gamma(shape 0.8, mean 0.05); counts ~ Poisson(lambda e), e uniform on [20, 100].
  std::mt19937_64 rng(7);
  const double shape = 0.8, mean = 0.05;
  std::gamma_distribution<double> rate(shape, mean / shape);
  std::uniform_real_distribution<double> exposure_draw(20, 100);
  const size_t n = 40000;
  std::vector<double> exposure(n), zeros(n, 0.0), ones(n, 1.0);
  ReferralInput in;
  for (size_t i = 0; i < n; ++i) {
    exposure[i] = exposure_draw(rng);
    const int count = std::poisson_distribution<int>(rate(rng) * exposure[i])(rng);
    for (int c = 0; c < count; ++c) {
      in.referrer.push_back(static_cast<uint32_t>(i));
      in.referred.push_back(static_cast<uint32_t>((i + 1) % n));  // who is referred does not matter here
    }
  }
  const ReferralValues v = ComputeReferralValues(in, exposure, zeros, zeros, ones, {});
  EXPECT_NEAR(v.population_rate, mean, 0.05 * mean);
  EXPECT_NEAR(v.prior_shape, shape, 0.1 * shape);
}

TEST(Accounts, RollsValuesUpToParentsAndOnUp) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,name,type,region,owner,parent_id,potential\n"
                                     "H1,Hospital 1,hospital,North,rep1,CH,1000\n"
                                     "H2,Hospital 2,hospital,North,rep1,CH,\n"
                                     "CH,Chain,hospital_chain,North,rep1,NAT,\n"
                                     "P1,\"Praxis, Dr. A\",practice,South,rep2,PG,200\n"
                                     "PG,Group,purchasing_group,South,rep2,NAT,5000\n"
                                     "NAT,National,national_group,,,,\n"
                                     "X,Alone,pharmacy,East,rep3,,50\n");
  const AccountTable t = ReadAccountTable(path, false);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t.name[3], "Praxis, Dr. A");
  EXPECT_TRUE(std::isnan(t.potential[1]));
  EXPECT_EQ(t.potential[4], 5000);
  const AccountTree tree = BuildAccountTree(t);
  EXPECT_EQ(tree.depth, std::vector<uint32_t>({2, 2, 1, 2, 1, 0, 0}));
  EXPECT_EQ(tree.children, std::vector<uint32_t>({0, 0, 2, 0, 1, 2, 0}));
  const std::vector<double> own = {1, 2, 0, 4, 0, 0, 8};
  const std::vector<double> up = RollUp(tree, own);
  EXPECT_EQ(up, std::vector<double>({1, 2, 3, 4, 4, 7, 8}));
}

TEST(Accounts, UnknownParentIsAnErrorWithLineAndColumn) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,name,parent_id\n"
                                     "A,a,\n"
                                     "GROUP1,g,\n"
                                     "B,b,GRUOP1\n");
  ExpectError([&] { BuildAccountTree(ReadAccountTable(path, false)); }, ErrorKind::kInput,
              {.headline = path + ":4:3: column \"parent_id\": parent \"GRUOP1\" of customer \"B\" is not a "
                                  "customer_id of this table",
               .hint = "did you mean \"GROUP1\"?"});
}

TEST(Accounts, CycleIsAnErrorNamingTheChain) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,parent_id\n"
                                     "A,B\n"
                                     "B,C\n"
                                     "C,A\n"
                                     "D,A\n");
  ExpectError([&] { BuildAccountTree(ReadAccountTable(path, false)); }, ErrorKind::kInput,
              {.message_has = "the parents form a cycle: A -> B -> C -> A"});
}

TEST(Accounts, BadPotentialAndDuplicateIdsAreErrors) {
  TempDir dir;
  const std::string bad = dir.Write("bad.csv", "customer_id,potential\nA,12x\n");
  ExpectError([&] { ReadAccountTable(bad, false); }, ErrorKind::kInput,
              {.headline = bad + ":2:2: column \"potential\": cannot read \"12x\" as a potential: expected a "
                                 "number >= 0 (annual revenue) or an empty cell"});
  const std::string twice = dir.Write("twice.csv", "customer_id,name\nA,x\nB,y\nA,z\n");
  ExpectError([&] { ReadAccountTable(twice, false); }, ErrorKind::kInput,
              {.headline = twice + ":4:1: column \"customer_id\": customer \"A\" is listed twice (first on line 2)"});
}


TEST(Accounts, FewSharedIdsIsAnErrorShowingBothSpellings) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv", "customer_id,name\nC00017,a\nC00018,b\nC00019,c\nC00020,d\n");
  const AccountTable t = ReadAccountTable(path, false);
  ExpectError([&] { CheckSharedIds(t, {"17.0", "18.0", "19.0", "99.0"}, "the log (orders.csv)"); }, ErrorKind::kInput,
              {.rendered = path + ":2:1: column \"customer_id\": only 0 of the 4 customers of the log (orders.csv) are in this table "
                   "(4 accounts without children): the two spell their ids differently\n"
                   "  2 | C00017,a\n"
                   "hint: ids are matched exactly, as text: the table has \"C00017\", \"C00018\", \"C00019\"; the log "
                   "has \"17.0\", \"18.0\", \"19.0\". Read loosely (digits only, without leading zeros or a \".0\" "
                   "tail, or ignoring case), 3 would match, e.g. \"17.0\" in the log and \"C00017\" in the table: write "
                   "the ids the same way in both"});
}

TEST(Accounts, ATableOfKeyAccountsOnlyOrWithProspectsSharesEnoughIds) {
  TempDir dir;
  std::vector<std::string> log_ids;
  for (int k = 0; k < 1000; ++k) log_ids.push_back("C" + std::to_string(k));
  // Two key accounts of a log of 1,000 customers.
  const AccountTable keys = ReadAccountTable(dir.Write("keys.csv", "customer_id,parent_id\nC1,G\nC2,G\nG,\n"), false);
  EXPECT_NO_THROW(CheckSharedIds(keys, log_ids, "the log"));
  // 100 of the log's customers and 400 prospects: a quarter of the table's accounts buy.
  std::string text = "customer_id\n";
  for (int k = 0; k < 500; ++k) text += (k < 100 ? "C" : "P") + std::to_string(k) + "\n";
  EXPECT_NO_THROW(CheckSharedIds(ReadAccountTable(dir.Write("mixed.csv", text), false), log_ids, "the log"));
  // One match in 500 is too few.
  text = "customer_id\nC1\n";
  for (int k = 0; k < 499; ++k) text += "P" + std::to_string(k) + "\n";
  ExpectError([&] { CheckSharedIds(ReadAccountTable(dir.Write("few.csv", text), false), log_ids, "the log"); },
              ErrorKind::kInput,
              {.message_has = "only 1 of the 1000 customers of the log are in this table (500 accounts without children)"});
}

// A log as the reader builds it with ReadOptions::group_col (the country of each row).
io::TransactionLog LogWithCountries(const std::vector<std::pair<std::string, std::string>>& rows) {
  io::TransactionLog log;
  for (const auto& [id, country] : rows) {
    log.customer.push_back(log.ids.Intern(id, io::IdTable::Hash(id)));
    log.day.push_back(0);
    const auto found = std::find(log.group_names.begin(), log.group_names.end(), country);
    if (country.empty()) {
      log.group.push_back(io::TransactionLog::kNoGroup);
    } else if (found == log.group_names.end()) {
      log.group.push_back(static_cast<uint32_t>(log.group_names.size()));
      log.group_names.push_back(country);
    } else {
      log.group.push_back(static_cast<uint32_t>(found - log.group_names.begin()));
    }
  }
  return log;
}

TEST(Accounts, ParentLevelFromAColumnOfTheLog) {
  const io::TransactionLog log =
      LogWithCountries({{"A", "France"}, {"B", "Spain"}, {"A", "France"}, {"C", ""}, {"D", "Spain"}, {"D", "France"}});
  AccountTable t;
  const std::vector<std::string> notes = AddParentLevelFrom(log, {"A", "B", "C", "D"}, "Country", &t);
  EXPECT_EQ(notes, std::vector<std::string>{"1 customers have more than one Country in the log: each is placed under the first"});
  EXPECT_EQ(t.id, (std::vector<std::string>{"A", "B", "C", "D", "France", "Spain"}));
  EXPECT_EQ(t.parent_id, (std::vector<std::string>{"France", "Spain", "", "Spain", "", ""}));
  EXPECT_EQ(t.type[4], "Country");
  EXPECT_EQ(t.name[5], "Spain");
  const AccountTree tree = BuildAccountTree(t);
  EXPECT_EQ(tree.children, std::vector<uint32_t>({0, 0, 0, 0, 1, 2}));
  EXPECT_EQ(RollUp(tree, {1, 2, 4, 8, 0, 0}), std::vector<double>({1, 2, 4, 8, 1, 10}));
}

TEST(Accounts, ParentLevelFromAColumnOfTheCustomersTable) {
  TempDir dir;
  const std::string path = dir.Write("customers.csv",
                                     "customer_id,parent_id,country\n"
                                     "H1,CH,DE\n"  // keeps its chain; the chain gets the country
                                     "CH,,DE\n"
                                     "P1,,AT\n"
                                     "X,,\n");
  AccountTable t = ReadAccountTable(path, false, "country");
  ASSERT_TRUE(t.has_parent_column);
  const io::TransactionLog log = LogWithCountries({{"H1", "ignored"}, {"P1", ""}, {"N", "FR"}});
  EXPECT_TRUE(AddParentLevelFrom(log, {"H1", "P1", "N"}, "country", &t).empty());
  EXPECT_EQ(t.id, (std::vector<std::string>{"H1", "CH", "P1", "X", "N", "DE", "AT"}));
  EXPECT_EQ(t.parent_id, (std::vector<std::string>{"CH", "DE", "AT", "", "", "", ""}));
  EXPECT_EQ(BuildAccountTree(t).depth, std::vector<uint32_t>({2, 1, 1, 0, 0, 0, 0}));
}

TEST(Accounts, ParentLevelNeedsTheColumnAndValuesThatAreNotCustomerIds) {
  AccountTable t;
  const io::TransactionLog plain = LogWithCountries({});
  ExpectError([&] { AddParentLevelFrom(plain, {"A"}, "Country", &t); }, ErrorKind::kInput,
              {.rendered = "no column \"Country\" in the log for the parent level (input.parent_column)\n"
            "hint: name a column of the log or of the customers table whose values are the parents, e.g. a "
                           "country"});
  const io::TransactionLog log = LogWithCountries({{"A", "B"}, {"B", "X"}});
  ExpectError([&] { AddParentLevelFrom(log, {"A", "B"}, "Region", &t); }, ErrorKind::kInput,
              {.message_has = "Region \"B\" is also a customer id, so it cannot name a parent account"});
}

}  // namespace
}  // namespace winnow::value
