// Checks shared by the model tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/model.h"

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

}  // namespace winnow::model::testing
