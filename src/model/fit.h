// Maximum-likelihood fitting of any Model: the parameters are optimized on the log scale (so
// they stay > 0) with L-BFGS from NLopt on the model's analytic gradient, after identical rows
// are grouped. Standard errors come from the inverse of the Hessian of -log L at the optimum
// (central differences of the analytic gradient, natural scale). Customers observed for no
// time (T = 0 and x = 0) are left out: their likelihood is 1 under every purchase model.
//
// Objective, as in the Python lifetimes package so that fits can be compared:
//   minimize  -logL(theta) / N + penalizer * sum_k (s_k theta_k)^2,   N = number of customers,
// where s_k = 1 / (largest T) for the parameters measured in units of time (Model::TimeParams:
// alpha, and Pareto/NBD's beta) and 1 for the others. lifetimes divides every time by the
// largest T before it fits, so its penalty falls on alpha / max T; the same convention here makes
// a penalized fit independent of the time unit (days or weeks give the same fit, alpha in days
// being 7 times alpha in weeks).
//
// Degenerate fits are reported, not hidden (FitResult::warnings):
//   - "boundary": the fit is no better than a limit of the model (Model::Limits), by the
//     likelihood-ratio test at the 5 % level (2 (logL - logL_limit) < 3.84, chi-square with one
//     degree of freedom): the data do not identify the part of the model the limit removes
//     (e.g. BG/NBD's dropout, whose no-churn limit a -> 0 is the NBD model). logL_limit is taken
//     at the fitted values of the other parameters, not refitted, so the statistic is an upper
//     bound of the exact one and the warning errs on the side of silence; at a true boundary
//     both are 0;
//   - "not_identified": the Hessian of -logL on the log scale of the parameters is not positive
//     definite, or its condition number exceeds 1e8 (some combination of the parameters is not
//     determined by the data).
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

// A warning about a fit or a prediction: `code` for programs ("boundary", "not_identified",
// "collapsed", "p_alive_near_one"), `message` a sentence for people.
struct FitWarning {
  std::string code;
  std::string message;
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
  std::vector<FitWarning> warnings;  // a degenerate fit, said out loud (see above)
};

// The largest time observed (max T) of the rows a purchase model is fitted on, the time scale of
// the penalty.
double PenaltyTimeScale(const Observations& data);

// Throws core::Error(kFit) when the data cannot identify the model or the optimizer fails to
// reach a finite optimum.
FitResult Fit(const Model& model, const Observations& data, const FitOptions& options = {});

}  // namespace winnow::model
