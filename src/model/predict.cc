#include "model/predict.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "model/bg_nbd.h"
#include "model/mbg_nbd.h"
#include "model/pareto_nbd.h"

namespace winnow::model {

double PurchasePredictor::DiscountedPurchases(double horizon, double rate, double x, double t_x, double T) const {
  if (horizon <= 0) return 0.0;
  if (rate == 0) return ConditionalExpectedPurchases(horizon, x, t_x, T);
  double total = 0, previous = 0;
  for (double start = 0; start < horizon; start += 1.0) {
    const double end = std::min(horizon, start + 1.0);
    const double cumulative = ConditionalExpectedPurchases(end, x, t_x, T);
    total += (cumulative - previous) / std::pow(1.0 + rate, std::ceil(end));
    previous = cumulative;
  }
  return total;
}

namespace {

class BgNbdPredictor : public PurchasePredictor {
 public:
  explicit BgNbdPredictor(const SavedModel& m) : p_{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")} {}
  double ConditionalExpectedPurchases(double t, double x, double t_x, double T) const override {
    return BgNbd::ConditionalExpectedPurchases(p_, t, x, t_x, T);
  }
  double ProbabilityAlive(double x, double t_x, double T) const override { return BgNbd::ProbabilityAlive(p_, x, t_x, T); }
  double ExpectedPurchases(double t) const override { return BgNbd::ExpectedPurchases(p_, t); }

 private:
  BgNbdParams p_;
};

class MbgNbdPredictor : public PurchasePredictor {
 public:
  explicit MbgNbdPredictor(const SavedModel& m) : p_{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")} {}
  double ConditionalExpectedPurchases(double t, double x, double t_x, double T) const override {
    return MbgNbd::ConditionalExpectedPurchases(p_, t, x, t_x, T);
  }
  double ProbabilityAlive(double x, double t_x, double T) const override { return MbgNbd::ProbabilityAlive(p_, x, t_x, T); }
  double ExpectedPurchases(double t) const override { return MbgNbd::ExpectedPurchases(p_, t); }

 private:
  MbgNbdParams p_;
};

class ParetoNbdPredictor : public PurchasePredictor {
 public:
  explicit ParetoNbdPredictor(const SavedModel& m) : p_{m.Param("r"), m.Param("alpha"), m.Param("s"), m.Param("beta")} {}
  double ConditionalExpectedPurchases(double t, double x, double t_x, double T) const override {
    return ParetoNbd::ConditionalExpectedPurchases(p_, t, x, t_x, T);
  }
  double ProbabilityAlive(double x, double t_x, double T) const override { return ParetoNbd::ProbabilityAlive(p_, x, t_x, T); }
  double ExpectedPurchases(double t) const override { return ParetoNbd::ExpectedPurchases(p_, t); }
  bool LifetimeDiscountedPurchases(double delta, double x, double t_x, double T, double* value) const override {
    *value = ParetoNbd::DiscountedExpectedResidualTransactions(p_, delta, x, t_x, T);
    return true;
  }

 private:
  ParetoNbdParams p_;
};

}  // namespace

std::unique_ptr<PurchasePredictor> MakePredictor(const SavedModel& model) {
  const std::string& name = model.fit.model;
  if (name == "bgnbd") return std::make_unique<BgNbdPredictor>(model);
  if (name == "mbgnbd") return std::make_unique<MbgNbdPredictor>(model);
  if (name == "pnbd") return std::make_unique<ParetoNbdPredictor>(model);
  throw core::Error(core::ErrorKind::kUsage,
                    fmt::format("the {} model does not predict purchases; --model needs a purchase model: bgnbd, mbgnbd or pnbd", name));
}

}  // namespace winnow::model
