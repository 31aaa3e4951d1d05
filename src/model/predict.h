// Per-customer predictions of a fitted model, behind two interfaces so that the CLI, the pipeline
// and the server score any model the same way: PurchasePredictor for the purchase models of
// continuous time (BG/NBD, MBG/NBD, Pareto/NBD), PeriodPredictor for the models of whole periods
// (BG/BB's transaction opportunities, shifted-BG's contract periods). Each model's registry line
// (model/registry.cc) names its factory below; the formulas are in the models' headers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/model_file.h"

namespace winnow::model {

class PurchasePredictor {
 public:
  virtual ~PurchasePredictor() = default;
  // Expected repeat purchases in (T, T + t] given the history (x, t_x, T).
  virtual double ConditionalExpectedPurchases(double t, double x, double t_x, double T) const = 0;
  // The same at `count` horizons t[k] for one customer (the default calls the above for each;
  // models override it where a part common to every horizon is costly).
  virtual void ConditionalExpectedPurchasesAt(const double* t, size_t count, double x, double t_x, double T,
                                              double* out) const {
    for (size_t k = 0; k < count; ++k) out[k] = ConditionalExpectedPurchases(t[k], x, t_x, T);
  }
  virtual double ProbabilityAlive(double x, double t_x, double T) const = 0;
  // Expected repeat purchases in (0, t] of a customer just acquired.
  virtual double ExpectedPurchases(double t) const = 0;

  // Discounted expected purchases over (T, T + horizon]: the expected purchases of each period
  // of one time unit, discounted by (1 + rate)^-k for period k (the last period may be partial).
  double DiscountedPurchases(double horizon, double rate, double x, double t_x, double T) const;
  // The period ends of that sum (1, 2, ..., and the horizon last) ...
  static std::vector<double> PeriodEnds(double horizon);
  // ... and the discounted sum from the cumulative expectations at those ends. Rounding: with
  // E_k the cumulative values (E_0 = 0) and d_k the discount factors, sum_k (E_k - E_(k-1)) d_k
  // = sum_k E_k (d_k - d_(k+1)) + E_n d_(n+1) (d_(n+1) = 0) has terms of one sign, so relative
  // errors of the E_k carry over to the sum without amplification, however small the periods'
  // increments (tested to 5e-15 against long double in tests/model/horizon_grid_test.cc).
  static double DiscountIncrements(const double* ends, const double* cumulative, size_t count, double rate);
  // Discounted expected residual transactions over the whole remaining lifetime at continuously
  // compounded rate delta per time unit, where the model has a closed form (Pareto/NBD,
  // FHL2005b eq. 2); false otherwise.
  virtual bool LifetimeDiscountedPurchases(double delta, double x, double t_x, double T, double* value) const {
    (void)delta, (void)x, (void)t_x, (void)T, (void)value;
    return false;
  }
  // P(X(t) = k): the probability that a customer just acquired makes k repeat purchases in
  // (0, t], where the model has it in closed form (BG/NBD, FHL2005a eq. 8); false otherwise.
  virtual bool PurchaseCountProbability(double t, int k, double* value) const {
    (void)t, (void)k, (void)value;
    return false;
  }
};

// A model's static prediction functions behind the PurchasePredictor interface; P(alive), common
// to every horizon, once per customer in ConditionalExpectedPurchasesAt. A new purchase model with
// these static functions gets its predictor as std::make_unique<StaticPredictor<M, MParams>>(...)
// in its factory (derive from it to add a lifetime value or a count distribution).
template <typename ModelT, typename ParamsT>
class StaticPredictor : public PurchasePredictor {
 public:
  explicit StaticPredictor(const ParamsT& p) : p_(p) {}
  double ConditionalExpectedPurchases(double t, double x, double t_x, double T) const override {
    return ModelT::ConditionalExpectedPurchases(p_, t, x, t_x, T);
  }
  void ConditionalExpectedPurchasesAt(const double* t, size_t count, double x, double t_x, double T,
                                      double* out) const override {
    ModelT::ConditionalExpectedPurchasesAt(p_, t, count, x, t_x, T, out);
  }
  double ProbabilityAlive(double x, double t_x, double T) const override { return ModelT::ProbabilityAlive(p_, x, t_x, T); }
  double ExpectedPurchases(double t) const override { return ModelT::ExpectedPurchases(p_, t); }

 protected:
  ParamsT p_;
};

// The purchase model's predictor, through its registry line. Throws core::Error(kUsage) when the
// model is not a purchase model.
std::unique_ptr<PurchasePredictor> MakePredictor(const SavedModel& model);

// The predictors of the purchase models, named by their registry lines.
std::unique_ptr<PurchasePredictor> MakeBgNbdPredictor(const SavedModel& model);
std::unique_ptr<PurchasePredictor> MakeMbgNbdPredictor(const SavedModel& model);
std::unique_ptr<PurchasePredictor> MakeParetoNbdPredictor(const SavedModel& model);

// Predictions over whole periods ahead of the summary's last one.
struct PeriodOptions {
  int64_t horizon = 0;    // periods ahead, >= 0
  double rate = 0;        // discount rate per period, >= 0: period k ahead counts (1 + rate)^-k
  bool lifetime = false;  // DERT over the whole remaining lifetime instead (needs rate > 0)
};

// One row per customer of a summary of whole periods: the summary's columns (model::DataColumns
// of the model's kind), then the predictions, DERT last (the value per transaction or period
// multiplies it into CLV):
//   BG/BB: frequency,recency,periods, p_alive = P(active at opportunity n+1), expected_purchases
//          = E[X(n, n+H)] (FHS2010 eq. 13), dert = sum_{k=1..H} (E[X(n, n+k)] - E[X(n, n+k-1)])
//          (1+d)^-k (BgBb::DiscountedExpectedTransactions). No lifetime form.
//   sBG:   duration,churned, p_alive = 1 while the contract is active (0 after it ended),
//          retention_next = r(n+1), expected_periods = sum_{k=1..H} S(n+k)/S(n), dert = the same
//          discounted by (1+d)^-k (ShiftedBetaGeometric::ExpectedPeriods); lifetime: DERL(d | n+1)
//          / (1+d) (FH2010), the same sum to infinity. All 0 after the contract ended.
class PeriodPredictor {
 public:
  virtual ~PeriodPredictor() = default;
  // The column names, the summary's first.
  virtual std::vector<std::string> columns() const = 0;
  // How many of them are the summary's.
  virtual size_t summary_columns() const = 0;
  // The values of the columns for row i of `data`.
  virtual void Row(const Observations& data, size_t i, double* out) const = 0;
  // Row i's history for messages: "frequency 2, recency 4, periods 6".
  virtual std::string History(const Observations& data, size_t i) const = 0;
};

// The period models' predictors, named by their registry lines. Throws core::Error(kUsage) for
// options the model does not support.
std::unique_ptr<PeriodPredictor> MakeBgBbPredictor(const SavedModel& model, const PeriodOptions& options);
std::unique_ptr<PeriodPredictor> MakeSbgPredictor(const SavedModel& model, const PeriodOptions& options);

}  // namespace winnow::model
