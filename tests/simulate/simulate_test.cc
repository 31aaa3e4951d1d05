#include "simulate/simulate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/transaction_reader.h"
#include "test_util.h"

namespace winnow::simulate {
namespace {

using core::ErrorKind;
using winnow::testing::ExpectError;

// Published BG/NBD estimates for CDNOW (Fader, Hardie & Lee 2005) and Gamma-Gamma estimates
// (Fader, Hardie & Lee 2005, "RFM and CLV").
constexpr BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};
constexpr GammaGammaParams kSpend{6.25, 3.74, 15.44};

SimulateOptions Options(uint64_t customers, uint64_t seed) {
  SimulateOptions options;
  options.purchase = kCdnow;
  options.spend = kSpend;
  options.customers = customers;
  options.seed = seed;
  options.start = 19723;  // 2024-01-01
  options.threads = 1;
  return options;
}

// Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1.
double Hyp2F1(double a, double b, double c, double z) {
  double term = 1.0, sum = 1.0;
  for (int n = 0; n < 1000000; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    sum += term;
    if (std::abs(term) < 1e-17 * std::abs(sum)) break;
  }
  return sum;
}

// E[X(t)], the expected number of repeat purchases in (0, t] of a customer who made the first
// purchase at 0, when the dropout probability p weighs as Beta(a', b') after the factor
// `scale`:  scale * (1 - (alpha/(alpha+t))^r * 2F1(r, b'; a'+b'; t/(alpha+t))).
double ExpectedRepeatPurchases(double r, double alpha, double a_prime, double b_prime, double scale, double t) {
  return scale * (1.0 - std::pow(alpha / (alpha + t), r) * Hyp2F1(r, b_prime, a_prime + b_prime, t / (alpha + t)));
}

// BG/NBD (Fader, Hardie & Lee 2005, eq. 9): dropout only after repeat purchases.
//   E[X(t)] = (a+b-1)/(a-1) * (1 - (alpha/(alpha+t))^r * 2F1(r, b; a+b-1; t/(alpha+t))).
double BgNbdExpectedX(const BgNbdParams& p, double t) {
  return ExpectedRepeatPurchases(p.r, p.alpha, p.a - 1, p.b, (p.a + p.b - 1) / (p.a - 1), t);
}

// MBG/NBD (Batislam, Denizel & Filiztekin 2007): a customer may also drop out right after the
// first purchase, so E[X(t) | lambda, p] = (1-p)/p * (1 - exp(-lambda p t)), which integrates to
//   E[X(t)] = b/(a-1) * (1 - (alpha/(alpha+t))^r * 2F1(r, b+1; a+b; t/(alpha+t))).
double MbgNbdExpectedX(const BgNbdParams& p, double t) {
  return ExpectedRepeatPurchases(p.r, p.alpha, p.a - 1, p.b + 1, p.b / (p.a - 1), t);
}

// This file's own 2F1 series (the reference for E[X(t)] above; the library's 2F1 is tested in
// tests/math/hyp2f1_test.cc).
TEST(ReferenceHyp2F1, MatchesClosedForms) {
  // 2F1(1, 1; 2; z) = -ln(1-z)/z and 2F1(a, b; b; z) = (1-z)^-a.
  EXPECT_NEAR(Hyp2F1(1, 1, 2, 0.5), -std::log(0.5) / 0.5, 1e-13);
  EXPECT_NEAR(Hyp2F1(1, 1, 2, 0.95), -std::log(0.05) / 0.95, 1e-12);
  EXPECT_NEAR(Hyp2F1(0.3, 2.0, 2.0, 0.9), std::pow(0.1, -0.3), 1e-12);
}

// Repeat purchases per customer, counted from the rows (each customer's first row is its first
// purchase), not from a summary: purchases on one day would merge there.
struct RepeatStats {
  double mean = 0, standard_error = 0;
};
RepeatStats RepeatPurchases(const SimulatedLog& log) {
  std::vector<double> rows(log.customers, 0.0);
  for (uint32_t c : log.customer) rows[c] += 1;
  double sum = 0, sum2 = 0;
  for (double n : rows) {
    sum += n - 1;
    sum2 += (n - 1) * (n - 1);
  }
  const double count = static_cast<double>(log.customers);
  const double mean = sum / count;
  const double variance = (sum2 - count * mean * mean) / (count - 1);
  return {mean, std::sqrt(variance / count)};
}

TEST(Simulate, SameSeedGivesTheSameLog) {
  const SimulatedLog a = SimulateBgNbd(Options(10000, 42));
  const SimulatedLog b = SimulateBgNbd(Options(10000, 42));
  ASSERT_GT(a.customer.size(), 10000u);
  EXPECT_EQ(a.customer, b.customer);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.amount, b.amount);
  EXPECT_EQ(a.end, b.end);
}

TEST(Simulate, DifferentSeedsGiveDifferentLogs) {
  const SimulatedLog a = SimulateBgNbd(Options(10000, 1));
  const SimulatedLog b = SimulateBgNbd(Options(10000, 2));
  EXPECT_TRUE(a.customer != b.customer || a.day != b.day || a.amount != b.amount);
  EXPECT_NE(a.amount, b.amount);
}

TEST(Simulate, ThreadCountDoesNotChangeTheResult) {
  for (RowOrder order : {RowOrder::kDate, RowOrder::kCustomer}) {
    SimulateOptions options = Options(20000, 7);  // several blocks of 4096 customers
    options.order = order;
    const SimulatedLog one = SimulateBgNbd(options);
    options.threads = 2;
    const SimulatedLog two = SimulateBgNbd(options);
    options.threads = 3;
    const SimulatedLog three = SimulateBgNbd(options);
    EXPECT_EQ(one.customer, two.customer);
    EXPECT_EQ(one.day, two.day);
    EXPECT_EQ(one.amount, two.amount);
    EXPECT_EQ(one.customer, three.customer);
    EXPECT_EQ(one.amount, three.amount);
  }
}

TEST(Simulate, RowOrders) {
  SimulateOptions options = Options(5000, 3);
  const SimulatedLog by_date = SimulateBgNbd(options);
  EXPECT_TRUE(std::is_sorted(by_date.day.begin(), by_date.day.end()));
  options.order = RowOrder::kCustomer;
  const SimulatedLog by_customer = SimulateBgNbd(options);
  EXPECT_TRUE(std::is_sorted(by_customer.customer.begin(), by_customer.customer.end()));
  ASSERT_EQ(by_customer.customer.size(), by_date.customer.size());
  for (size_t i = 1; i < by_customer.day.size(); ++i) {
    if (by_customer.customer[i] == by_customer.customer[i - 1]) {
      ASSERT_LE(by_customer.day[i - 1], by_customer.day[i]);
    }
  }
  // Every customer has its first purchase, inside the cohort window (12 weeks).
  std::vector<int> seen(options.customers, 0);
  for (size_t i = 0; i < by_customer.customer.size(); ++i) {
    if (seen[by_customer.customer[i]]++ == 0) {
      EXPECT_GE(by_customer.day[i], options.start);
      EXPECT_LT(by_customer.day[i], options.start + 12 * 7);
    }
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 0), 0);
  EXPECT_EQ(by_date.end, options.start + 78 * 7 - 1);
}

TEST(Simulate, AllRowsLieInTheObservationWindow) {
  SimulateOptions options = Options(20000, 5);
  options.cohort_length = 0;
  const SimulatedLog weeks = SimulateBgNbd(options);
  EXPECT_GE(*std::min_element(weeks.day.begin(), weeks.day.end()), options.start);
  EXPECT_LE(*std::max_element(weeks.day.begin(), weeks.day.end()), weeks.end);
}

TEST(Simulate, AllRowsLieInTheWindowWhenItsLengthIsNotWholeDays) {
  SimulateOptions options = Options(20000, 5);
  options.unit = summary::TimeUnit::kDay;
  options.purchase = {2.0, 1.0, 2.0, 20.0};  // about two purchases a day
  options.cohort_length = 0;
  options.observation_length = 10.5;
  options.order = RowOrder::kCustomer;  // no counting sort: the rows come out as drawn
  const SimulatedLog log = SimulateBgNbd(options);
  EXPECT_EQ(log.end, options.start + 9);
  EXPECT_LE(*std::max_element(log.day.begin(), log.day.end()), log.end);
}

// Monte Carlo check of the purchase process against the closed form of E[X(t)]: 200,000
// customers, first purchase at 0 (no cohort window), t = 78 weeks. Tolerance: 5 standard errors
// of the sample mean (estimated from the sample).
TEST(SimulateStatistics, RepeatPurchasesMatchBgNbdExpectation) {
  SimulateOptions options = Options(200000, 2024);
  options.cohort_length = 0;
  options.spend.reset();
  const RepeatStats stats = RepeatPurchases(SimulateBgNbd(options));
  const double expected = BgNbdExpectedX(kCdnow, 78.0);
  EXPECT_NEAR(stats.mean, expected, 5 * stats.standard_error) << "standard error " << stats.standard_error;
}

// The MBG/NBD story (dropout possible right after the first purchase) gives clearly fewer repeat
// purchases with these parameters: the simulator must not draw it.
TEST(SimulateStatistics, RepeatPurchasesAreNotTheMbgNbdExpectation) {
  SimulateOptions options = Options(200000, 2024);
  options.cohort_length = 0;
  options.spend.reset();
  const SimulatedLog log = SimulateBgNbd(options);
  EXPECT_TRUE(log.amount.empty());
  const RepeatStats stats = RepeatPurchases(log);
  const double mbg = MbgNbdExpectedX(kCdnow, 78.0);
  const double bg = BgNbdExpectedX(kCdnow, 78.0);
  EXPECT_GT(std::abs(stats.mean - mbg), 10 * stats.standard_error)
      << "standard error " << stats.standard_error << ", BG/NBD gives " << bg;
  EXPECT_NEAR(stats.mean, bg, 5 * stats.standard_error);
  EXPECT_LT(stats.standard_error, 0.01);
}

// Gamma-Gamma: a customer's amounts are Gamma(p, nu) with nu ~ Gamma(q, gamma), so the mean
// amount is E[p / nu] = p * gamma / (q - 1). One amount per customer (its first) keeps the
// draws independent; tolerance 5 standard errors.
TEST(SimulateStatistics, MeanAmountMatchesGammaGammaExpectation) {
  SimulateOptions options = Options(200000, 99);
  options.order = RowOrder::kCustomer;
  const SimulatedLog log = SimulateBgNbd(options);
  ASSERT_EQ(log.amount.size(), log.customer.size());
  double sum = 0, sum2 = 0;
  double n = 0;
  for (size_t i = 0; i < log.customer.size(); ++i) {
    if (i > 0 && log.customer[i] == log.customer[i - 1]) continue;
    sum += log.amount[i];
    sum2 += log.amount[i] * log.amount[i];
    n += 1;
  }
  ASSERT_EQ(n, 200000.0);
  const double mean = sum / n;
  const double standard_error = std::sqrt((sum2 / n - mean * mean) / (n - 1));
  const double expected = kSpend.p * kSpend.gamma / (kSpend.q - 1);
  EXPECT_NEAR(mean, expected, 5 * standard_error) << "standard error " << standard_error;
  EXPECT_LT(standard_error, 0.2);
  // Amounts are rounded to cents and positive.
  for (double amount : log.amount) {
    ASSERT_GE(amount, 0.0);
    ASSERT_NEAR(amount * 100, std::round(amount * 100), 1e-6);
  }
}

TEST(Simulate, RejectsParametersOutsideTheirDomain) {
  SimulateOptions options = Options(100, 1);
  options.purchase.r = 0;
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.message_has = "parameter r=0: must be a finite number > 0"});
  options = Options(100, 1);
  options.purchase.alpha = std::nan("");
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.message_has = "parameter alpha"});
  options = Options(100, 1);
  options.spend->q = -1;
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.message_has = "parameter q=-1"});
  options = Options(0, 1);
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.message_has = "--customers"});
  options = Options(100, 1);
  options.cohort_length = 100;
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.message_has = "cohort window"});
}

TEST(Simulate, CustomerIdsAreZeroPadded) {
  SimulateOptions options = Options(1000, 1);
  EXPECT_EQ(CustomerId(options, 0), "C0001");
  EXPECT_EQ(CustomerId(options, 999), "C1000");
  options.customers = 5;
  options.id_prefix = "cust-";
  EXPECT_EQ(CustomerId(options, 4), "cust-5");
}

TEST(Simulate, WrittenCsvReadsBackAsTheSameLog) {
  winnow::testing::TempDir dir;
  SimulateOptions options = Options(3000, 8);
  options.threads = 2;
  const SimulatedLog log = SimulateBgNbd(options);
  const std::string path = dir.File("sim.csv");
  WriteSimulatedCsv(log, options, path);
  io::ReadOptions read;
  read.threads = 1;
  const io::TransactionLog back = io::ReadTransactions({path}, read);
  ASSERT_EQ(back.rows(), log.customer.size());
  ASSERT_TRUE(back.has_amount);
  for (size_t i = 0; i < back.rows(); ++i) {
    ASSERT_EQ(back.ids.Get(back.customer[i]), CustomerId(options, log.customer[i])) << "row " << i;
    ASSERT_EQ(back.day[i], log.day[i]) << "row " << i;
    ASSERT_EQ(back.amount[i], log.amount[i]) << "row " << i;
  }
}

// Limits (issue 10): what sizes the work is bounded, with the option in the message.
TEST(SimulateLimits, TooManyRowsIsAUsageErrorNotOutOfMemory) {
  SimulateOptions options = Options(10, 1);
  options.purchase = {1e6, 1e-6, 1e-6, 1e6};  // 10^12 purchases a week, nobody drops out
  options.max_rows = 1000;
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage,
              {.rendered = "the simulated log would have more than 1000 rows (the limit of one log)\n"
                           "hint: lower --customers (10), --observation-length (78) or the purchase rate r/alpha of "
                           "--params"});
  options = Options(10, 1);
  options.max_rows = 1000;
  EXPECT_GT(SimulateBgNbd(options).customer.size(), 10u);  // the same cap passes an ordinary log
}

// Regression: spend parameters drawing amounts of 1e308 wrote "inf", which winnow's reader rejects.
TEST(SimulateLimits, AmountsBeyondWhatTheReaderTakesAreAUsageError) {
  SimulateOptions options = Options(10, 1);
  options.spend = GammaGammaParams{1e308, 3, 1e308};
  const core::Error e = ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage,
                                    {.rendered_has = " is beyond the 1e+15 that winnow reads\nhint: the mean amount is "
                                                     "about p * gamma / (q - 1)"});
  EXPECT_EQ(e.Render().rfind("--spend-params p=1e+308,q=3,gamma=1e+308: a simulated amount of ", 0), 0u) << e.Render();
  options.spend = GammaGammaParams{6.25, 3.74, 15.44};
  EXPECT_GT(SimulateBgNbd(options).amount.size(), 10u);  // ordinary spend passes
}

TEST(SimulateLimits, CustomersStartAndLengthStayInRange) {
  SimulateOptions options = Options(kMaxSimulatedCustomers + 1, 1);
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage,
              {.rendered = "--customers=100000001: must be from 1 to 100000000 (customers)"});
  options = Options(10, 1);
  options.start = core::DaysFromCivil(9999, 12, 1);
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage,
              {.rendered = "--start=9999-12-01: must be from 1900-01-01 to 2199-12-31"});
  options = Options(10, 1);
  options.start = core::DaysFromCivil(2199, 1, 1);
  options.observation_length = 53;  // weeks: past 2199-12-31
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage,
              {.rendered = "the cohort window (12) must be >= 0 and no longer than the observation length (53), which must be > 0 "
                           "and end by 2199-12-31"});
  options.observation_length = 52;
  EXPECT_EQ(SimulateBgNbd(options).end, core::DaysFromCivil(2199, 12, 30));
  options.observation_length = std::nan("");
  ExpectError([&] { SimulateBgNbd(options); }, ErrorKind::kUsage, {.rendered_has = "observation length (nan)"});
}

TEST(SimulateLimits, SummaryPeriodsAndCustomerPeriodsAreBounded) {
  ExpectError([] { SimulateBgBb(1, 1, 1, 1, 10, 10001, 1); }, ErrorKind::kUsage,
              {.rendered = "--periods=10001: must be from 1 to 10000 (periods)"});
  ExpectError([] { SimulateSbg(1, 1, 200000, 10000, 1); }, ErrorKind::kUsage,
              {.rendered = "--customers=200000 x --periods=10000: must be at most 1000000000 customer-periods\n"
                           "hint: simulate fewer customers or fewer periods"});
  ExpectError([] { SimulateSbg(1, 1, 0, 5, 1); }, ErrorKind::kUsage,
              {.rendered = "--customers=0: must be from 1 to 100000000 (customers)"});
  EXPECT_EQ(SimulateSbg(1, 1, 3, 10000, 1).duration.size(), 3u);
}

}  // namespace
}  // namespace winnow::simulate
