// Per-customer predictions of a fitted purchase model, behind one interface so that the CLI,
// the pipeline and the server score any model the same way.
#pragma once

#include <memory>
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
};

// Throws core::Error(kUsage) when the model is not a purchase model.
std::unique_ptr<PurchasePredictor> MakePredictor(const SavedModel& model);

}  // namespace winnow::model
