#include "model/predict.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "model/bg_nbd.h"
#include "model/mbg_nbd.h"
#include "model/pareto_nbd.h"

namespace winnow::model {

std::vector<double> PurchasePredictor::PeriodEnds(double horizon) {
  std::vector<double> ends;
  for (double start = 0; start < horizon; start += 1.0) ends.push_back(std::min(horizon, start + 1.0));
  return ends;
}

double PurchasePredictor::DiscountIncrements(const double* ends, const double* cumulative, size_t count, double rate) {
  double total = 0, previous = 0;
  for (size_t k = 0; k < count; ++k) {
    total += (cumulative[k] - previous) / std::pow(1.0 + rate, std::ceil(ends[k]));
    previous = cumulative[k];
  }
  return total;
}

double PurchasePredictor::DiscountedPurchases(double horizon, double rate, double x, double t_x, double T) const {
  if (horizon <= 0) return 0.0;
  if (rate == 0) return ConditionalExpectedPurchases(horizon, x, t_x, T);
  const std::vector<double> ends = PeriodEnds(horizon);
  std::vector<double> cumulative(ends.size());
  ConditionalExpectedPurchasesAt(ends.data(), ends.size(), x, t_x, T, cumulative.data());
  return DiscountIncrements(ends.data(), cumulative.data(), ends.size(), rate);
}

namespace {

// A model's static prediction functions behind the PurchasePredictor interface; P(alive), common
// to every horizon, once per customer in ConditionalExpectedPurchasesAt.
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

class ParetoNbdPredictor : public StaticPredictor<ParetoNbd, ParetoNbdParams> {
 public:
  using StaticPredictor::StaticPredictor;
  bool LifetimeDiscountedPurchases(double delta, double x, double t_x, double T, double* value) const override {
    *value = ParetoNbd::DiscountedExpectedResidualTransactions(p_, delta, x, t_x, T);
    return true;
  }
};

}  // namespace

std::unique_ptr<PurchasePredictor> MakePredictor(const SavedModel& model) {
  const std::string& name = model.fit.model;
  const auto& m = model;
  if (name == "bgnbd") {
    return std::make_unique<StaticPredictor<BgNbd, BgNbdParams>>(
        BgNbdParams{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")});
  }
  if (name == "mbgnbd") {
    return std::make_unique<StaticPredictor<MbgNbd, MbgNbdParams>>(
        MbgNbdParams{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")});
  }
  if (name == "pnbd") {
    return std::make_unique<ParetoNbdPredictor>(ParetoNbdParams{m.Param("r"), m.Param("alpha"), m.Param("s"), m.Param("beta")});
  }
  throw core::Error(core::ErrorKind::kUsage,
                    fmt::format("the {} model does not predict purchases; --model needs a purchase model: bgnbd, mbgnbd or pnbd", name));
}

}  // namespace winnow::model
