#include "model/selection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/model_file.h"
#include "model/registry.h"

namespace winnow::model {

namespace {

// Whether two candidates predict the same holdout purchases for every customer.
bool SamePredictions(const Validation& a, const Validation& b) {
  if (a.predicted.size() != b.predicted.size()) return false;
  for (size_t i = 0; i < a.predicted.size(); ++i) {
    const double scale = std::max({1.0, std::abs(a.predicted[i]), std::abs(b.predicted[i])});
    if (!(std::abs(a.predicted[i] - b.predicted[i]) <= 1e-4 * scale)) return false;
  }
  return true;
}

// Mean and standard error of |e_other| - |e_lead| over customers.
std::pair<double, double> PairedDifference(const Validation& lead, const Validation& other,
                                           const std::vector<double>& actual) {
  const size_t n = std::min({actual.size(), lead.predicted.size(), other.predicted.size()});
  if (n < 2) return {other.metrics.mae - lead.metrics.mae, 0.0};
  double sum = 0, sum_sq = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = std::abs(actual[i] - other.predicted[i]) - std::abs(actual[i] - lead.predicted[i]);
    sum += d;
    sum_sq += d * d;
  }
  const double nn = static_cast<double>(n);
  const double mean = sum / nn;
  const double variance = std::max(0.0, (sum_sq - nn * mean * mean) / (nn - 1));
  return {mean, std::sqrt(variance / nn)};
}

}  // namespace

FittedCandidate FitCandidate(const std::string& name, const Observations& data, const summary::CustomerSummary& summary,
                             const std::string& time_unit, const FitOptions& options) {
  FittedCandidate candidate{name, Fit(*FindModel(name).make(), data, options), {}};
  const SavedModel saved{candidate.fit, time_unit, options.penalizer};
  candidate.validation = Validate(*MakePredictor(saved), summary, options.threads);
  return candidate;
}

Choice ChooseModel(const std::vector<FittedCandidate>& c, const std::vector<double>& actual) {
  Choice out;
  const size_t n = c.size();
  if (n == 0) return out;
  std::vector<size_t> by_mae(n);
  std::iota(by_mae.begin(), by_mae.end(), 0);
  std::stable_sort(by_mae.begin(), by_mae.end(), [&](size_t a, size_t b) {
    return c[a].validation.metrics.mae < c[b].validation.metrics.mae;
  });
  const size_t lead = by_mae.front();
  out.tied.assign(n, false);
  out.tied[lead] = true;
  std::vector<std::string> tie_notes;
  for (size_t k : by_mae) {
    if (k == lead) continue;
    const auto [mean, se] = PairedDifference(c[lead].validation, c[k].validation, actual);
    // Within the sampling noise, or too small to matter whatever the noise (models that have
    // collapsed into one differ by rounding, consistently, so their standard error is tiny too).
    if (mean <= 2 * se || mean <= 1e-4 * c[lead].validation.metrics.mae ||
        SamePredictions(c[lead].validation, c[k].validation)) {
      out.tied[k] = true;
      tie_notes.push_back(fmt::format("{} {:+.2g} (standard error {:.2g})", c[k].model, mean, se));
    }
  }
  std::vector<size_t> tied;
  for (size_t k : by_mae) {
    if (out.tied[k]) tied.push_back(k);
  }
  std::stable_sort(tied.begin(), tied.end(), [&](size_t a, size_t b) { return c[a].fit.bic < c[b].fit.bic; });
  size_t chosen = tied.front();
  const std::string mae_text = fmt::format("holdout mean absolute error {:.4f} purchases per customer", c[lead].validation.metrics.mae);
  if (tied.size() == 1) {
    std::vector<std::string> others;
    for (size_t k : by_mae) {
      if (k != lead) others.push_back(fmt::format("{} {:.4f}", c[k].model, c[k].validation.metrics.mae));
    }
    out.reason = others.empty() ? fmt::format("the only candidate ({})", mae_text)
                                : fmt::format("lowest {} (against {}), beyond the sampling noise", mae_text,
                                              fmt::join(others, ", "));
  } else {
    const std::string tie_text = fmt::format(
        "tied on the holdout: {} leads with {}, and {} differ by less than two standard errors of the paired "
        "per-customer differences, or by less than 1e-4 of the error",
        c[lead].model, mae_text, fmt::join(tie_notes, ", "));
    if (c[tied[1]].fit.bic - c[tied[0]].fit.bic > 2) {
      out.reason = fmt::format("{}; the lowest BIC of the tied ({:.2f}, more than 2 below the others)", tie_text,
                               c[chosen].fit.bic);
    } else {
      // No evidence either way: the simplest, by parameter count and then the candidates' order.
      chosen = *std::min_element(tied.begin(), tied.end(), [&](size_t a, size_t b) {
        if (c[a].fit.params.size() != c[b].fit.params.size()) return c[a].fit.params.size() < c[b].fit.params.size();
        return a < b;
      });
      out.reason = fmt::format("{}; their BICs are within 2 of each other, so the simplest: the fewest parameters, "
                               "then the first in the candidates' order",
                               tie_text);
    }
  }
  out.order.push_back(chosen);
  for (size_t k : tied) {
    if (k != chosen) out.order.push_back(k);
  }
  for (size_t k : by_mae) {
    if (!out.tied[k]) out.order.push_back(k);
  }

  // Candidates that have turned into one model.
  std::vector<bool> grouped(n, false);
  for (size_t a = 0; a < n; ++a) {
    if (grouped[a]) continue;
    std::vector<std::string> same = {c[a].model};
    for (size_t b = a + 1; b < n; ++b) {
      if (!grouped[b] && SamePredictions(c[a].validation, c[b].validation)) {
        grouped[b] = true;
        same.push_back(c[b].model);
      }
    }
    if (same.size() > 1) {
      out.warnings.push_back(
          {"collapsed", fmt::format("{} collapse into one model: they predict the same holdout purchases for every "
                                    "customer (within 1e-4), so the holdout cannot tell them apart",
                                    fmt::join(same, ", "))});
    }
  }
  return out;
}

std::vector<FitWarning> AliveWarnings(const std::string& model, double repeat_customers, double near_one) {
  if (repeat_customers >= 20 && near_one >= 0.95 * repeat_customers) {
    return {{"p_alive_near_one",
             fmt::format("{}: P(alive) is above 0.99 for {:.1f} % of the {:.0f} customers with repeat purchases: the "
                         "model sees almost no churn, so P(alive) does not rank who is slipping away and churn alerts "
                         "on it cannot fire",
                         model, 100.0 * near_one / repeat_customers, repeat_customers)}};
  }
  return {};
}

std::vector<FitWarning> PredictionWarnings(const PurchasePredictor& predictor, const std::string& model,
                                           const Observations& data) {
  double repeat = 0, near_one = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!(data.frequency[i] > 0)) continue;
    repeat += data.weight[i];
    if (predictor.ProbabilityAlive(data.frequency[i], data.recency[i], data.age[i]) > 0.99) near_one += data.weight[i];
  }
  return AliveWarnings(model, repeat, near_one);
}

}  // namespace winnow::model
