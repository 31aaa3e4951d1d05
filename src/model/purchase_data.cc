#include "model/purchase_data.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

void CheckPurchaseData(const std::string& model, const Observations& data) {
  const size_t n = data.size();
  if (data.frequency.size() != n || data.recency.size() != n || data.age.size() != n) {
    throw Error(ErrorKind::kInput, fmt::format("{} needs frequency, recency and T for every customer", model));
  }
  if (n == 0) {
    throw Error(ErrorKind::kFit, fmt::format("{}: no customers to fit: the data have no rows", model))
        .Hint("fit needs a log with purchases (--transactions) or a summary with a row per customer (--summary)");
  }
  bool repeat = false;
  for (size_t i = 0; i < n; ++i) {
    const double x = data.frequency[i], t_x = data.recency[i], T = data.age[i], w = data.weight[i];
    const auto bad = [&](const char* what) {
      return Error(ErrorKind::kInput, fmt::format("{}: row {} (frequency {}, recency {}, T {}, weight {}): {}", model, i + 1,
                                                  x, t_x, T, w, what));
    };
    if (!(x >= 0) || x != std::floor(x) || x > 1e6) throw bad("frequency must be a whole number from 0 to 1,000,000");
    if (!(T > 0) || !std::isfinite(T)) throw bad("T must be > 0");
    if (!(t_x >= 0) || t_x > T * (1 + 1e-12)) throw bad("recency must be between 0 and T");
    if (x == 0 && t_x != 0) throw bad("recency must be 0 when frequency is 0");
    if (!(w > 0) || !std::isfinite(w)) throw bad("weight must be > 0");
    repeat |= x > 0;
  }
  if (!repeat) {
    const double customers = data.customers();
    const std::string who = customers == 1   ? "the one customer fitted is a one-time buyer"
                            : customers == 2 ? "both customers fitted are one-time buyers"
                                             : fmt::format("all {} customers fitted are one-time buyers", customers);
    throw Error(ErrorKind::kFit, fmt::format("{}: no customer has a repeat purchase: {}, so purchase rates and dropout "
                                             "cannot be told apart",
                                             model, who))
        .Hint(fmt::format("{} needs some customers who bought again on a later day: use a log that covers more time (a "
                          "later --observation-end) or more customers; winnow describe shows the repeat buying of a log",
                          model));
  }
}

Observations SummaryObservations(const summary::CustomerSummary& s, const std::function<bool(size_t)>& keep) {
  Observations obs;
  for (size_t k = 0; k < s.size(); ++k) {
    if (keep && !keep(k)) continue;
    obs.frequency.push_back(s.frequency[k]);
    obs.recency.push_back(s.recency(k));
    obs.age.push_back(s.age(k));
    if (s.has_amount) obs.monetary.push_back(s.monetary_value[k]);
  }
  obs.weight.assign(obs.frequency.size(), 1.0);
  return obs;
}

size_t MaxFrequency(const Observations& data) {
  double max_x = 0;
  for (double x : data.frequency) max_x = std::max(max_x, x);
  return static_cast<size_t>(max_x);
}

}  // namespace winnow::model
