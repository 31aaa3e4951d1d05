#include "model/predict.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "model/bg_bb.h"
#include "model/bg_nbd.h"
#include "model/mbg_nbd.h"
#include "model/pareto_nbd.h"
#include "model/registry.h"
#include "model/sbg.h"

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

class BgNbdPredictor : public StaticPredictor<BgNbd, BgNbdParams> {
 public:
  using StaticPredictor::StaticPredictor;
  bool PurchaseCountProbability(double t, int k, double* value) const override {
    *value = BgNbd::PurchaseCountProbability(p_, t, k);
    return true;
  }
};

class ParetoNbdPredictor : public StaticPredictor<ParetoNbd, ParetoNbdParams> {
 public:
  using StaticPredictor::StaticPredictor;
  bool LifetimeDiscountedPurchases(double delta, double x, double t_x, double T, double* value) const override {
    *value = ParetoNbd::DiscountedExpectedResidualTransactions(p_, delta, x, t_x, T);
    return true;
  }
};

// BG/BB per summary row (see predict.h).
class BgBbPredictor : public PeriodPredictor {
 public:
  BgBbPredictor(const BgBbParams& p, const PeriodOptions& options) : p_(p), options_(options) {}
  std::vector<std::string> columns() const override {
    return {"frequency", "recency", "periods", "p_alive", "expected_purchases", "dert"};
  }
  size_t summary_columns() const override { return 3; }
  void Row(const Observations& data, size_t i, double* out) const override {
    const double x = data.frequency[i], t_x = data.recency[i], n = data.age[i];
    out[0] = x;
    out[1] = t_x;
    out[2] = n;
    out[3] = BgBb::ProbabilityAlive(p_, x, t_x, n);
    out[4] = BgBb::ConditionalExpectedTransactions(p_, static_cast<double>(options_.horizon), x, t_x, n);
    out[5] = BgBb::DiscountedExpectedTransactions(p_, options_.horizon, options_.rate, x, t_x, n);
  }
  std::string History(const Observations& data, size_t i) const override {
    return fmt::format("frequency {}, recency {}, periods {}", data.frequency[i], data.recency[i], data.age[i]);
  }

 private:
  BgBbParams p_;
  PeriodOptions options_;
};

// Shifted-BG per summary row (see predict.h).
class SbgPredictor : public PeriodPredictor {
 public:
  SbgPredictor(const SbgParams& p, const PeriodOptions& options) : p_(p), options_(options) {}
  std::vector<std::string> columns() const override {
    return {"duration", "churned", "p_alive", "retention_next", "expected_periods", "dert"};
  }
  size_t summary_columns() const override { return 2; }
  void Row(const Observations& data, size_t i, double* out) const override {
    const double n = data.age[i];
    out[0] = n;
    out[1] = data.churned[i];
    out[2] = out[3] = out[4] = out[5] = 0;
    if (data.churned[i] != 0) return;
    out[2] = 1;
    out[3] = ShiftedBetaGeometric::RetentionRate(p_, n + 1);
    ShiftedBetaGeometric::ExpectedPeriods(p_, options_.horizon, options_.rate, n, &out[4], &out[5]);
    if (options_.lifetime) {
      out[5] = ShiftedBetaGeometric::DiscountedExpectedResidualLifetime(p_, options_.rate, n + 1) / (1 + options_.rate);
    }
  }
  std::string History(const Observations& data, size_t i) const override {
    return fmt::format("duration {}", data.age[i]);
  }

 private:
  SbgParams p_;
  PeriodOptions options_;
};

void CheckLifetime(const SavedModel& model, const PeriodOptions& options) {
  if (!options.lifetime) return;
  const ModelInfo& info = FindModel(model.fit.model);
  if (!info.lifetime_value) {
    throw core::Error(core::ErrorKind::kUsage,
                      fmt::format("--lifetime: {} has no lifetime DERT here; use a finite --horizon", ShortTitle(info)));
  }
  if (!(options.rate > 0)) throw core::Error(core::ErrorKind::kUsage, "--lifetime needs --discount-rate > 0");
}

}  // namespace

std::unique_ptr<PurchasePredictor> MakeBgNbdPredictor(const SavedModel& m) {
  return std::make_unique<BgNbdPredictor>(BgNbdParams{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")});
}

std::unique_ptr<PurchasePredictor> MakeMbgNbdPredictor(const SavedModel& m) {
  return std::make_unique<StaticPredictor<MbgNbd, MbgNbdParams>>(
      MbgNbdParams{m.Param("r"), m.Param("alpha"), m.Param("a"), m.Param("b")});
}

std::unique_ptr<PurchasePredictor> MakeParetoNbdPredictor(const SavedModel& m) {
  return std::make_unique<ParetoNbdPredictor>(ParetoNbdParams{m.Param("r"), m.Param("alpha"), m.Param("s"), m.Param("beta")});
}

std::unique_ptr<PeriodPredictor> MakeBgBbPredictor(const SavedModel& m, const PeriodOptions& options) {
  CheckLifetime(m, options);
  return std::make_unique<BgBbPredictor>(
      BgBbParams{m.Param("alpha"), m.Param("beta"), m.Param("gamma"), m.Param("delta")}, options);
}

std::unique_ptr<PeriodPredictor> MakeSbgPredictor(const SavedModel& m, const PeriodOptions& options) {
  CheckLifetime(m, options);
  return std::make_unique<SbgPredictor>(SbgParams{m.Param("alpha"), m.Param("beta")}, options);
}

std::unique_ptr<PurchasePredictor> MakePredictor(const SavedModel& model) {
  const ModelInfo& info = FindModel(model.fit.model);
  if (info.purchase_predictor == nullptr) {
    throw core::Error(core::ErrorKind::kUsage,
                      fmt::format("the {} model does not predict purchases; --model-file needs a purchase model: {}",
                                  info.name, core::JoinOr(ModelNames([](const ModelInfo& m) { return m.purchase_predictor != nullptr; }))));
  }
  return info.purchase_predictor(model);
}

}  // namespace winnow::model
