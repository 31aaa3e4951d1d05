// Maximum-likelihood fitting of any Model: the parameters are optimized on the log scale (so
// they stay > 0) with L-BFGS from NLopt on the model's analytic gradient, after identical rows
// are grouped. Standard errors come from the inverse of the Hessian of -log L at the optimum
// (central differences of the analytic gradient, natural scale). Customers observed for no
// time (T = 0 and x = 0) are left out: their likelihood is 1 under every purchase model.
//
// Objective, as in the Python lifetimes package so that fits can be compared:
//   minimize  -logL(theta) / N + penalizer * sum_k theta_k^2,   N = number of customers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace winnow::model {

struct FitOptions {
  double penalizer = 0.0;
  size_t threads = 0;
  int max_evaluations = 5000;
  std::vector<double> start;  // natural scale; empty: the model's starting point
};

struct FitResult {
  std::string model;
  std::vector<std::string> param_names;
  std::vector<double> params;
  // Empty when the Hessian is not positive definite at the optimum (then `message` says so).
  std::vector<double> std_errors;
  double log_likelihood = 0;  // total, not per customer
  double customers = 0;       // sum of weights
  size_t distinct_rows = 0;
  int evaluations = 0;
  double aic = 0, bic = 0;
  bool converged = true;  // false when the optimizer stopped at its evaluation limit
  std::string message;    // notes on the fit ("", or why it did not converge / has no standard errors)
};

// Throws core::Error(kFit) when the data cannot identify the model or the optimizer fails to
// reach a finite optimum.
FitResult Fit(const Model& model, const Observations& data, const FitOptions& options = {});

}  // namespace winnow::model
