// Holdout validation of a purchase model on CDNOW and on a hand-made summary.
#include "model/validation.h"

#include <gtest/gtest.h>

#include "io/transaction_reader.h"
#include "model/bg_nbd.h"
#include "model/fit.h"
#include "test_util.h"

namespace winnow::model {
namespace {

using winnow::testing::D;

// A predictor with constant rates, so that expectations are easy to compute by hand.
class ConstantPredictor : public PurchasePredictor {
 public:
  double ConditionalExpectedPurchases(double t, double, double, double) const override { return 0.5 * t; }
  double ProbabilityAlive(double, double, double) const override { return 1.0; }
  double ExpectedPurchases(double t) const override { return 0.25 * t; }
};

TEST(Validate, ComputesMetricsConditionalTableAndTracking) {
  summary::CustomerSummary s;
  s.unit = summary::TimeUnit::kDay;
  s.first_log_day = D("2024-01-01");
  s.calibration_end = D("2024-01-04");
  s.observation_end = D("2024-01-06");  // holdout of 2 days: every prediction is 0.5 * 2 = 1
  s.customer = {0, 1};
  s.frequency = {0, 3};
  s.first_day = {D("2024-01-01"), D("2024-01-02")};
  s.last_day = {D("2024-01-01"), D("2024-01-04")};
  s.frequency_holdout = {0, 2};
  s.repeat_by_day = {0, 0, 1, 2, 1, 1};  // 3 calibration repeats of customer 2, then 2 in the holdout
  const Validation v = Validate(ConstantPredictor(), s);
  EXPECT_DOUBLE_EQ(v.metrics.predicted_total, 2.0);
  EXPECT_DOUBLE_EQ(v.metrics.actual_total, 2.0);
  EXPECT_DOUBLE_EQ(v.metrics.mae, 1.0);   // |0 - 1| and |2 - 1|
  EXPECT_DOUBLE_EQ(v.metrics.rmse, 1.0);
  ASSERT_EQ(v.conditional.size(), 2u);
  EXPECT_EQ(v.conditional[0].frequency, "0");
  EXPECT_EQ(v.conditional[1].frequency, "3");
  EXPECT_DOUBLE_EQ(v.conditional[1].actual, 2.0);
  ASSERT_EQ(v.tracking.size(), 6u);
  // Cumulative predicted after day k: 0.25 * (k + 1) for the first customer, 0.25 * k for the second.
  EXPECT_DOUBLE_EQ(v.tracking[0].predicted_cumulative, 0.25);
  EXPECT_DOUBLE_EQ(v.tracking[5].predicted_cumulative, 0.25 * 6 + 0.25 * 5);
  EXPECT_DOUBLE_EQ(v.tracking[5].actual_cumulative, 5.0);
  EXPECT_FALSE(v.tracking[3].holdout);
  EXPECT_TRUE(v.tracking[4].holdout);
}

TEST(Validate, NeedsAHoldout) {
  summary::CustomerSummary s;
  winnow::testing::ExpectError([&] { Validate(ConstantPredictor(), s); }, core::ErrorKind::kUsage,
                               {.message = "validation needs a calibration period and a holdout: give --calibration-end"});
}

// On CDNOW (39 + 39 weeks): 1,882 actual and 1,653.4 predicted holdout purchases (Fader, Hardie &
// Lee 2005); the tracking series ends at the 2,457 calibration plus 1,882 holdout repeat purchases.
TEST(ValidateCdnow, ReproducesThePublishedHoldoutTotals) {
  const std::string path = std::string(WINNOW_EXAMPLES) + "/cdnow/CDNOW_sample.txt";
  io::ReadOptions read;
  read.whitespace = true;
  read.header = false;
  read.customer_col = "2";
  read.date_col = "3";
  read.amount_col = "5";
  read.date_format = "%Y%m%d";
  const io::TransactionLog log = io::ReadTransactions({path}, read);
  summary::SummaryOptions options;
  options.calibration_end = D("1997-09-30");
  options.observation_end = D("1998-06-30");
  const summary::CustomerSummary s = summary::Summarize(log, options);
  Observations data;
  for (size_t k = 0; k < s.size(); ++k) {
    data.frequency.push_back(s.frequency[k]);
    data.recency.push_back(s.recency(k));
    data.age.push_back(s.age(k));
  }
  data.weight.assign(s.size(), 1.0);
  const FitResult fit = Fit(BgNbd(), data);
  const SavedModel saved{fit, "week", 0.0};
  const Validation v = Validate(*MakePredictor(saved), s);
  EXPECT_DOUBLE_EQ(v.metrics.actual_total, 1882.0);
  EXPECT_NEAR(v.metrics.predicted_total, 1653.4, 0.05);
  ASSERT_EQ(v.tracking.size(), 78u);
  EXPECT_DOUBLE_EQ(v.tracking.back().actual_cumulative, 2457.0 + 1882.0);
  EXPECT_DOUBLE_EQ(v.tracking[38].actual_cumulative, 2457.0);
  EXPECT_GT(v.metrics.correlation, 0.5);
}

}  // namespace
}  // namespace winnow::model
