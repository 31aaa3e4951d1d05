// The predictions of the models of whole periods (model/predict.h: BG/BB per transaction
// opportunity, shifted-BG per contract period), as `winnow predict` writes them: against the
// published donation results (Fader, Hardie & Shang 2010) and against direct evaluations of the
// models' stories in long double (the likelihood and the per-period transaction probability of
// BG/BB, the product of sBG's retention rates), which share no code with the library's closed
// forms and recurrences.
#include "model/predict.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/bg_bb.h"
#include "model/fit.h"
#include "model/model_file.h"
#include "model/donations.h"
#include "model/model_test_util.h"
#include "model/sbg.h"

namespace winnow::model {
namespace {

using winnow::testing::ExpectError;

SavedModel Saved(const std::string& name, const std::vector<std::string>& names, const std::vector<double>& params) {
  SavedModel m;
  m.fit.model = name;
  m.fit.param_names = names;
  m.fit.params = params;
  m.time_unit = "week";
  return m;
}

// ---- BG/BB -----------------------------------------------------------------------------------

using testing::Donations;
using testing::kDonations;

long double LogBeta(long double a, long double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// BG/BB's story evaluated directly (bg_bb.h): the likelihood L as the sum of its n - t_x + 1 terms,
// each by lgamma, and the probability of a transaction at opportunity n+k given the history,
//   L^-1 B(alpha+x+1, beta+n-x)/B(alpha,beta) B(gamma, delta+n+k)/B(gamma,delta),
// (active at n+k, which takes surviving k more dropout draws, and transacting there).
struct DirectBgBb {
  long double alpha, beta, gamma, delta;
  long double Likelihood(long double x, long double t_x, long double n) const {
    long double total = std::exp(LogBeta(alpha + x, beta + n - x) - LogBeta(alpha, beta) + LogBeta(gamma, delta + n) -
                                 LogBeta(gamma, delta));
    for (long double i = 0; i <= n - t_x - 1; ++i) {
      total += std::exp(LogBeta(alpha + x, beta + t_x - x + i) - LogBeta(alpha, beta) + LogBeta(gamma + 1, delta + t_x + i) -
                        LogBeta(gamma, delta));
    }
    return total;
  }
  long double TransactionAt(long double k, long double x, long double t_x, long double n) const {
    return std::exp(LogBeta(alpha + x + 1, beta + n - x) - LogBeta(alpha, beta) + LogBeta(gamma, delta + n + k) -
                    LogBeta(gamma, delta)) /
           Likelihood(x, t_x, n);
  }
  long double AliveAtNext(long double x, long double t_x, long double n) const {
    return std::exp(LogBeta(alpha + x, beta + n - x) - LogBeta(alpha, beta) + LogBeta(gamma, delta + n + 1) -
                    LogBeta(gamma, delta)) /
           Likelihood(x, t_x, n);
  }
};

TEST(BgBbPredictor, ColumnsAreTheSummaryThenThePredictionsDertLast) {
  const auto predictor = MakeBgBbPredictor(
      Saved("bgbb", {"alpha", "beta", "gamma", "delta"}, {1.204, 0.75, 0.657, 2.783}), PeriodOptions{5, 0, false});
  EXPECT_EQ(predictor->columns(),
            (std::vector<std::string>{"frequency", "recency", "periods", "p_alive", "expected_purchases", "dert"}));
  EXPECT_EQ(predictor->summary_columns(), 3u);
  Observations data;
  data.frequency = {2};
  data.recency = {4};
  data.age = {6};
  data.weight = {1};
  EXPECT_EQ(predictor->History(data, 0), "frequency 2, recency 4, periods 6");
}

TEST(BgBbPredictor, MatchesThePublishedDonationPredictions) {
  const FitResult fit = Fit(BgBb(), Donations());
  const SavedModel saved = Saved("bgbb", fit.param_names, fit.params);
  const Observations data = Donations();
  const auto predictor = MakeBgBbPredictor(saved, PeriodOptions{5, 0, false});
  std::vector<double> row(6);
  // FHS2010 table 6, P(alive in 2002): rows (0, 0), (2, 4) and (6, 6) of the table.
  predictor->Row(data, 0, row.data());
  EXPECT_NEAR(row[3], 0.11, 0.005);
  predictor->Row(data, 9, row.data());
  EXPECT_NEAR(row[3], 0.59, 0.005);
  predictor->Row(data, 21, row.data());
  EXPECT_NEAR(row[3], 0.93, 0.005);
  // Hardie's BG/BB spreadsheet ("Conditional Expectations (II)"): 12,884.2 donations expected from
  // the cohort in 2002-2006; undiscounted, DERT is the same expectation.
  double expected = 0, dert = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    predictor->Row(data, i, row.data());
    EXPECT_EQ(row[0], data.frequency[i]);
    EXPECT_EQ(row[1], data.recency[i]);
    EXPECT_EQ(row[2], 6);
    expected += data.weight[i] * row[4];
    dert += data.weight[i] * row[5];
  }
  EXPECT_NEAR(expected, 12884.2, 1.5);
  EXPECT_NEAR(dert, expected, 1e-9 * expected);
}

TEST(BgBbPredictor, AgreesWithTheStoryEvaluatedDirectly) {
  const DirectBgBb direct{1.204L, 0.75L, 0.657L, 2.783L};
  const SavedModel saved = Saved("bgbb", {"alpha", "beta", "gamma", "delta"}, {1.204, 0.75, 0.657, 2.783});
  Observations data;
  data.frequency = {0, 1, 3, 6, 2, 12};
  data.recency = {0, 1, 5, 6, 9, 20};
  data.age = {6, 3, 6, 6, 10, 25};
  data.weight.assign(6, 1);
  for (const int64_t horizon : {1, 4, 30}) {
    for (const double rate : {0.0, 0.1}) {
      const auto predictor = MakeBgBbPredictor(saved, PeriodOptions{horizon, rate, false});
      for (size_t i = 0; i < data.size(); ++i) {
        const long double x = data.frequency[i], t_x = data.recency[i], n = data.age[i];
        long double expected = 0, dert = 0;
        for (int64_t k = 1; k <= horizon; ++k) {
          const long double p = direct.TransactionAt(static_cast<long double>(k), x, t_x, n);
          expected += p;
          dert += p / std::pow(1.0L + rate, static_cast<long double>(k));
        }
        std::vector<double> row(6);
        predictor->Row(data, i, row.data());
        const std::string where = "row " + std::to_string(i) + ", horizon " + std::to_string(horizon);
        EXPECT_NEAR(row[3], static_cast<double>(direct.AliveAtNext(x, t_x, n)), 1e-12) << where;
        EXPECT_NEAR(row[4], static_cast<double>(expected), 1e-11 * static_cast<double>(expected)) << where;
        EXPECT_NEAR(row[5], static_cast<double>(dert), 1e-11 * static_cast<double>(dert)) << where;
      }
    }
  }
}

TEST(BgBbPredictor, HasNoLifetimeValue) {
  const SavedModel saved = Saved("bgbb", {"alpha", "beta", "gamma", "delta"}, {1.204, 0.75, 0.657, 2.783});
  ExpectError([&] { MakeBgBbPredictor(saved, PeriodOptions{5, 0.1, true}); }, core::ErrorKind::kUsage,
              {.message = "--lifetime: BG/BB has no lifetime DERT here; use a finite --horizon"});
}

// ---- shifted-BG ------------------------------------------------------------------------------

// S(n+k)/S(n) as the product of the retention rates r(j) = (beta+j-1)/(alpha+beta+j-1) of the
// periods n+1 .. n+k (FH2007), in long double.
long double ShareStillPaying(long double alpha, long double beta, long double n, int64_t k) {
  long double share = 1;
  for (int64_t j = 1; j <= k; ++j) {
    const long double period = n + static_cast<long double>(j);
    share *= (beta + period - 1) / (alpha + beta + period - 1);
  }
  return share;
}

TEST(SbgExpectedPeriods, EqualTheSumOfTheProductsOfRetentionRates) {
  for (const auto& [alpha, beta] : {std::pair{0.704, 1.182}, std::pair{0.668, 3.806}, std::pair{5.0, 0.3}}) {
    for (const double n : {1.0, 3.0, 12.0}) {
      for (const int64_t horizon : {1, 7, 60}) {
        for (const double d : {0.0, 0.1}) {
          long double expected = 0, discounted = 0, share = 1;
          for (int64_t k = 1; k <= horizon; ++k) {
            const long double period = n + static_cast<long double>(k);
            share *= (beta + period - 1) / (alpha + beta + period - 1);
            expected += share;
            discounted += share / std::pow(1.0L + d, static_cast<long double>(k));
          }
          double got_expected = -1, got_discounted = -1;
          ShiftedBetaGeometric::ExpectedPeriods({alpha, beta}, horizon, d, n, &got_expected, &got_discounted);
          EXPECT_NEAR(got_expected, static_cast<double>(expected), 1e-12 * static_cast<double>(expected));
          EXPECT_NEAR(got_discounted, static_cast<double>(discounted), 1e-12 * static_cast<double>(discounted));
        }
      }
    }
  }
  double expected = -1, discounted = -1;
  ShiftedBetaGeometric::ExpectedPeriods({0.704, 1.182}, 0, 0.1, 3, &expected, &discounted);
  EXPECT_EQ(expected, 0);
  EXPECT_EQ(discounted, 0);
}

TEST(SbgPredictor, ActiveContractsAreValuedAndEndedOnesAreZero) {
  const double alpha = 0.704, beta = 1.182, d = 0.1;  // FH2007's regular plan
  const SavedModel saved = Saved("sbg", {"alpha", "beta"}, {alpha, beta});
  Observations data;
  data.age = {1, 4, 4, 9};
  data.churned = {0, 0, 1, 0};
  data.weight.assign(4, 1);
  const auto predictor = MakeSbgPredictor(saved, PeriodOptions{10, d, false});
  EXPECT_EQ(predictor->columns(),
            (std::vector<std::string>{"duration", "churned", "p_alive", "retention_next", "expected_periods", "dert"}));
  EXPECT_EQ(predictor->summary_columns(), 2u);
  EXPECT_EQ(predictor->History(data, 1), "duration 4");
  std::vector<double> row(6);
  for (size_t i = 0; i < data.size(); ++i) {
    predictor->Row(data, i, row.data());
    EXPECT_EQ(row[0], data.age[i]);
    EXPECT_EQ(row[1], data.churned[i]);
    if (data.churned[i] != 0) {
      EXPECT_EQ(row[2], 0);
      EXPECT_EQ(row[3], 0);
      EXPECT_EQ(row[4], 0);
      EXPECT_EQ(row[5], 0);
      continue;
    }
    const long double n = data.age[i];
    long double expected = 0, dert = 0;
    for (int64_t k = 1; k <= 10; ++k) {
      const long double share = ShareStillPaying(alpha, beta, n, k);
      expected += share;
      dert += share / std::pow(1.0L + d, static_cast<long double>(k));
    }
    EXPECT_EQ(row[2], 1);
    EXPECT_NEAR(row[3], (beta + data.age[i]) / (alpha + beta + data.age[i]), 1e-15);
    EXPECT_NEAR(row[4], static_cast<double>(expected), 1e-12 * static_cast<double>(expected));
    EXPECT_NEAR(row[5], static_cast<double>(dert), 1e-12 * static_cast<double>(dert));
  }
}

// With --lifetime, DERT is DERL(d | n+1) / (1+d) (FH2010's 2F1 closed form), which must equal the
// discounted sum of the products of retention rates over the whole remaining lifetime.
TEST(SbgPredictor, LifetimeValueIsTheDiscountedSumToInfinity) {
  const double alpha = 0.704, beta = 1.182, d = 0.1;
  const auto predictor = MakeSbgPredictor(Saved("sbg", {"alpha", "beta"}, {alpha, beta}), PeriodOptions{3, d, true});
  Observations data;
  data.age = {1, 5};
  data.churned = {0, 0};
  data.weight = {1, 1};
  std::vector<double> row(6);
  for (size_t i = 0; i < data.size(); ++i) {
    long double dert = 0, share = 1;
    for (int64_t k = 1; k <= 2000; ++k) {  // (1.1)^-2000: the rest is below 1e-80
      const long double period = data.age[i] + static_cast<long double>(k);
      share *= (beta + period - 1) / (alpha + beta + period - 1);
      dert += share / std::pow(1.0L + d, static_cast<long double>(k));
    }
    predictor->Row(data, i, row.data());
    EXPECT_NEAR(row[5], static_cast<double>(dert), 1e-10 * static_cast<double>(dert));
    // expected_periods still covers the horizon: 3 periods.
    EXPECT_NEAR(row[4],
                static_cast<double>(ShareStillPaying(alpha, beta, data.age[i], 1) +
                                    ShareStillPaying(alpha, beta, data.age[i], 2) +
                                    ShareStillPaying(alpha, beta, data.age[i], 3)),
                1e-12);
  }
  ExpectError([&] { MakeSbgPredictor(Saved("sbg", {"alpha", "beta"}, {alpha, beta}), PeriodOptions{3, 0, true}); },
              core::ErrorKind::kUsage, {.message = "--lifetime needs --discount-rate > 0"});
}

}  // namespace
}  // namespace winnow::model
