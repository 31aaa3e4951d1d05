#include "project/stages/fit_models.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "core/hash.h"
#include "model/purchase_data.h"
#include "model/registry.h"

namespace winnow::project {

using core::Error;
using core::ErrorKind;

model::Observations SampleObservations(const summary::CustomerSummary& s, uint64_t wanted,
                                       const std::function<bool(size_t)>& also) {
  uint64_t eligible = 0;
  for (size_t k = 0; k < s.size(); ++k) eligible += !also || also(k);
  const bool sample = wanted > 0 && eligible > wanted;
  const uint64_t threshold = sample ? static_cast<uint64_t>(static_cast<double>(wanted) / static_cast<double>(eligible) *
                                                            18446744073709551615.0)
                                    : 0;
  return model::SummaryObservations(s, [&](size_t k) {
    return (!also || also(k)) && (!sample || core::SplitMix64(s.customer[k]) < threshold);
  });
}

FittedModels FitModels(const FitModelsInput& input) {
  const summary::CustomerSummary& S = *input.summary;
  const size_t n = S.size();
  FittedModels out;
  SayIf(input.say, fmt::format("refitting {} on {} customers over the whole period, and Gamma-Gamma", input.model,
                               input.fit_sample > 0 ? std::min<uint64_t>(n, input.fit_sample) : n));
  model::FitOptions fit_options;
  fit_options.penalizer = input.penalizer;
  fit_options.threads = input.threads;
  fit_options.start = input.start;
  out.purchase = {model::Fit(*model::FindModel(input.model).make(), SampleObservations(S, input.fit_sample), fit_options),
                  input.time_unit, input.penalizer};
  SayIf(input.say, "fitting Gamma-Gamma");
  const model::Observations spend_obs =
      SampleObservations(S, input.fit_sample, [&](size_t k) { return S.frequency[k] > 0; });
  if (spend_obs.size() == 0) {
    throw Error(ErrorKind::kFit, "no customer has a repeat purchase: the spend model (Gamma-Gamma) cannot be fitted");
  }
  model::FitOptions gg_options;
  gg_options.threads = input.threads;
  out.spend = {model::Fit(*model::SpendModel().make(), spend_obs, gg_options), input.time_unit, 0};
  for (const auto& w : out.purchase.fit.warnings) out.warnings.push_back(w);
  for (const auto& w : out.spend.fit.warnings) out.warnings.push_back(w);
  if (!out.purchase.fit.message.empty()) out.notes.push_back(fmt::format("{} fit: {}", input.model, out.purchase.fit.message));
  if (!out.spend.fit.message.empty()) out.notes.push_back("Gamma-Gamma fit: " + out.spend.fit.message);
  out.gg = {out.spend.Param("p"), out.spend.Param("q"), out.spend.Param("gamma")};
  if (!(out.gg.q > 1)) {
    throw Error(ErrorKind::kFit, fmt::format("Gamma-Gamma q = {:.4g} <= 1: the mean spend is not finite; the spend data "
                                             "are too heavy-tailed for the model",
                                             out.gg.q));
  }
  return out;
}

}  // namespace winnow::project
