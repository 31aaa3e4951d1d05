// The per-model test kit, run for every registered model by model_kit_test.cc (each model's case
// there; the draws from each model's story in stories.h):
//   ExpectGradientMatchesCentralDifferences      the analytic gradient of the log-likelihood
//   ExpectGradientMatchesFourthOrderDifferences  the same where rounding needs a larger step
//   ExpectFitRecovers                            known parameters from data simulated from them
//   ExpectNotIdentified                          the fit error for data that cannot identify the model
// and the CDNOW summary the purchase models are fitted to.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <cmath>
#include <source_location>
#include <vector>

#include "core/error.h"
#include "io/csv_table.h"
#include "model/fit.h"
#include "model/model.h"
#include "test_util.h"

namespace winnow::model::testing {

// The model's analytic gradient at `params` against central differences with step 1e-6 of each
// parameter, within relative tolerance `tolerance`.
inline void ExpectGradientMatchesCentralDifferences(const Model& model, const Observations& data,
                                                    const std::vector<double>& params, double tolerance = 1e-5) {
  std::vector<double> gradient(params.size());
  model.LogLikelihood(data, params, gradient);
  for (size_t k = 0; k < params.size(); ++k) {
    const double h = 1e-6 * params[k];
    std::vector<double> plus = params, minus = params;
    plus[k] += h;
    minus[k] -= h;
    const double numeric = (model.LogLikelihood(data, plus, {}) - model.LogLikelihood(data, minus, {})) / (2 * h);
    EXPECT_NEAR(gradient[k], numeric, tolerance * std::max(1.0, std::abs(numeric)))
        << model.name() << " parameter " << model.param_names()[k];
  }
}

// The same with fourth-order differences (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h at step
// `relative_step` of each parameter, for likelihoods whose rounding needs a larger step.
inline void ExpectGradientMatchesFourthOrderDifferences(const Model& model, const Observations& data,
                                                        const std::vector<double>& params, double tolerance = 1e-7,
                                                        double relative_step = 1e-3) {
  std::vector<double> gradient(params.size());
  model.LogLikelihood(data, params, gradient);
  for (size_t k = 0; k < params.size(); ++k) {
    const double h = relative_step * params[k];
    const auto at = [&](double shift) {
      std::vector<double> moved = params;
      moved[k] += shift;
      return model.LogLikelihood(data, moved, {});
    };
    const double numeric = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
    EXPECT_NEAR(gradient[k], numeric, tolerance * std::max(1.0, std::abs(numeric)))
        << model.name() << " parameter " << model.param_names()[k];
  }
}

// Recovery of known parameters: the fit of `data`, simulated from `truth` (in the model's
// parameter order), lands within `within` standard errors of each true parameter.
// Returns the fit for further checks.
inline FitResult ExpectFitRecovers(const Model& model, const Observations& data, const std::vector<double>& truth,
                                   double within = 3) {
  const FitResult fit = Fit(model, data);
  const bool complete = fit.params.size() == truth.size() && fit.std_errors.size() == truth.size();
  EXPECT_TRUE(complete) << model.name() << ": " << fit.params.size() << " parameters and " << fit.std_errors.size()
                        << " standard errors for " << truth.size() << " true values; " << fit.message;
  if (!complete) return fit;
  for (size_t k = 0; k < truth.size(); ++k) {
    EXPECT_NEAR(fit.params[k], truth[k], within * fit.std_errors[k]) << model.name() << " " << fit.param_names[k];
  }
  return fit;
}

// "The data cannot identify the model": fitting `data` is a core::Error of kind kFit that says
// what `says` gives (the whole text where the test knows it).
inline void ExpectNotIdentified(const Model& model, const Observations& data, const winnow::testing::ErrorSays& says,
                                std::source_location where = std::source_location::current()) {
  winnow::testing::ExpectError([&] { Fit(model, data); }, core::ErrorKind::kFit, says, where);
}

// tests/data/cdnow/cdnow_customers_summary_with_transactions.csv as observations: x, t_x, T
// in weeks, and zbar (mean repeat spend) as monetary when asked for.
inline Observations CdnowSummary(bool with_spend = false) {
  const io::CsvTable table =
      io::CsvTable::Read(std::string(WINNOW_TEST_DATA) + "/cdnow/cdnow_customers_summary_with_transactions.csv");
  Observations data;
  data.frequency = table.Numbers("x");
  data.recency = table.Numbers("t_x");
  data.age = table.Numbers("T");
  if (with_spend) data.monetary = table.Numbers("zbar");
  data.weight.assign(data.frequency.size(), 1.0);
  return data;
}

}  // namespace winnow::model::testing
