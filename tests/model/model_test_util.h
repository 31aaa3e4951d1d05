// Checks shared by the model tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "io/csv_table.h"
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

// `action` throws core::Error of `kind` whose message contains `text`.
template <typename Action>
void ExpectError(Action&& action, core::ErrorKind kind, const std::string& text) {
  try {
    action();
    ADD_FAILURE() << "expected an error containing \"" << text << "\"";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.message();
    EXPECT_NE(e.message().find(text), std::string::npos) << e.message();
  }
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
