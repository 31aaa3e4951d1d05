// Customer value: CLV parts from a fitted model, the value horizon, the discount rate per time unit.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "model/bg_nbd.h"
#include "model/model_file.h"
#include "model/predict.h"
#include "test_util.h"
#include "value/customer_value.h"

namespace winnow::value {
namespace {

using core::ErrorKind;
using winnow::testing::ExpectError;

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

}  // namespace
}  // namespace winnow::value
