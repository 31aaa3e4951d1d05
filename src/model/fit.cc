#include "model/fit.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <nlopt.hpp>

#include "core/error.h"
#include "core/parallel.h"

namespace winnow::model {

using core::Error;
using core::ErrorKind;

namespace {

struct Problem {
  const Model* model;
  const Observations* data;
  double customers;
  double penalizer;
  std::vector<double> scale;  // s_k of the penalty: 1 / max T for parameters in units of time, else 1
  size_t threads;
  int evaluations = 0;
  bool failed = false;
  double best_value = INFINITY;
  std::vector<double> best_theta;  // the lowest finite objective seen, for a restart
};

// f(theta) = -logL(exp(theta)) / N + penalizer * sum exp(theta)^2, and its gradient in theta.
double Objective(unsigned n, const double* theta, double* grad, void* context) {
  auto* problem = static_cast<Problem*>(context);
  ++problem->evaluations;
  std::vector<double> params(n), gradient(grad != nullptr ? n : 0);
  for (unsigned k = 0; k < n; ++k) params[k] = std::exp(theta[k]);
  const double ll = problem->model->LogLikelihood(*problem->data, params, gradient, problem->threads);
  double value = -ll / problem->customers;
  for (unsigned k = 0; k < n; ++k) {
    const double scaled = problem->scale[k] * params[k];
    value += problem->penalizer * scaled * scaled;
  }
  if (!std::isfinite(value)) {
    problem->failed = true;
    if (grad != nullptr) std::fill(grad, grad + n, 0.0);
    return 1e300;
  }
  if (value < problem->best_value) {
    problem->best_value = value;
    problem->best_theta.assign(theta, theta + n);
  }
  if (grad != nullptr) {
    for (unsigned k = 0; k < n; ++k) {
      const double scaled = problem->scale[k] * params[k];
      grad[k] = -gradient[k] * params[k] / problem->customers + 2.0 * problem->penalizer * scaled * scaled;
    }
  }
  return value;
}

}  // namespace

namespace {

// What the likelihood reads: without the spend column unless the model uses it (so identical
// purchase histories group whatever their spend), and without the customers observed for no time
// (T = 0, hence x = 0: their likelihood is 1 under every purchase model, so they inform nothing;
// a customer whose first purchase is on the last day of the period has one).
Observations FittingRows(const Model& model, const Observations& raw) {
  const bool drop_spend = !model.UsesMonetary() && !raw.monetary.empty();
  bool drop_rows = false;
  // Only purchase data have a frequency beside T (contract data have durations, which are never 0).
  const bool purchases = !raw.frequency.empty() && raw.frequency.size() == raw.age.size();
  for (size_t i = 0; i < raw.age.size() && purchases && !drop_rows; ++i) drop_rows = raw.age[i] == 0 && raw.frequency[i] == 0;
  if (!drop_spend && !drop_rows) {
    model.CheckData(raw);
    return raw;
  }
  Observations out;
  double dropped = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (drop_rows && raw.age[i] == 0 && raw.frequency[i] == 0) {
      dropped += raw.weight[i];
      continue;
    }
    if (!raw.frequency.empty()) out.frequency.push_back(raw.frequency[i]);
    if (!raw.recency.empty()) out.recency.push_back(raw.recency[i]);
    if (!raw.age.empty()) out.age.push_back(raw.age[i]);
    if (!raw.monetary.empty() && !drop_spend) out.monetary.push_back(raw.monetary[i]);
    if (!raw.churned.empty()) out.churned.push_back(raw.churned[i]);
    out.weight.push_back(raw.weight[i]);
  }
  if (out.size() == 0 && dropped > 0) {
    throw Error(ErrorKind::kFit,
                fmt::format("{}: no customers to fit: {} observed for no time (T = 0: the first purchase is on the last "
                            "day of the period), which tells nothing about purchase rates or dropout",
                            model.name(), dropped == 1 ? "the one customer read was"
                                                       : fmt::format("all {} customers read were", dropped)))
        .Hint(fmt::format("{} needs customers observed over a time, some with repeat purchases: use a log that covers "
                          "more time, or a later --observation-end",
                          model.name()));
  }
  model.CheckData(out);
  return out;
}

// Outside the range the optimizer searches (parameters from e^-30 to e^30), a starting point
// means that the data are on a scale no customer base has: say which parameter and which data.
Error OutOfScale(const Model& model, const Observations& data, const std::string& param, double start) {
  double max_t = 0, max_money = 0;
  for (double T : data.age) max_t = std::max(max_t, T);
  for (double m : data.monetary) max_money = std::max(max_money, m);
  std::string scale;
  if (!data.age.empty()) scale = fmt::format("the largest T (or periods) is {:.6g}", max_t);
  if (!data.monetary.empty()) scale += fmt::format("{}the largest monetary_value is {:.6g}", scale.empty() ? "" : ", ", max_money);
  return Error(ErrorKind::kFit, fmt::format("{}: the data are outside the range the fit can handle: parameter {} would "
                                            "start at {:.3g}, and the fit searches {:.3g} to {:.3g}",
                                            model.name(), param, start, std::exp(-30.0), std::exp(30.0)))
      .Hint(fmt::format("{}: check that recency and T are durations in days, weeks or months (not dates or seconds) "
                        "and that amounts are in a plausible currency unit",
                        scale.empty() ? "the data are extreme" : scale));
}

// NLopt's own failure text ("nlopt failure", "bounds 1 fail ...") means nothing to a user.
Error OptimizerFailed(const Model& model) {
  return Error(ErrorKind::kFit, fmt::format("{}: the optimizer could not find the maximum of the likelihood",
                                            model.name()))
      .Hint("the data are too few or too degenerate for this model (e.g. a handful of customers, or nearly all alike): "
            "try a small --penalizer such as 0.001, a simpler model, or more data");
}

// The Hessian of -logL (natural scale) at `params` by central differences of the analytic gradient.
Eigen::MatrixXd NegativeHessian(const Model& model, const Observations& data, const std::vector<double>& params,
                                size_t threads) {
  const size_t k = params.size();
  Eigen::MatrixXd hessian(k, k);
  std::vector<double> plus(k), minus(k), g_plus(k), g_minus(k);
  for (size_t j = 0; j < k; ++j) {
    const double h = 1e-5 * std::max(std::abs(params[j]), 1e-4);
    plus = params;
    minus = params;
    plus[j] += h;
    minus[j] -= h;
    model.LogLikelihood(data, plus, g_plus, threads);
    model.LogLikelihood(data, minus, g_minus, threads);
    for (size_t i = 0; i < k; ++i) hessian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = -(g_plus[i] - g_minus[i]) / (2 * h);
  }
  return 0.5 * (hessian + hessian.transpose()).eval();
}

// The warnings of a degenerate fit: a singular or ill-conditioned Hessian ("not_identified"), and
// estimates no better than a limit of the model ("boundary").
void AddIdentificationWarnings(const Model& model, const Observations& data, const Eigen::MatrixXd& hessian,
                               size_t threads, FitResult* fit) {
  FitResult& result = *fit;
  const size_t k = result.params.size();
  // On the log scale of the parameters, D H D with D = diag(params), the condition number does
  // not depend on the units of the parameters.
  {
    const Eigen::VectorXd d = Eigen::Map<const Eigen::VectorXd>(result.params.data(), static_cast<Eigen::Index>(k));
    const Eigen::MatrixXd log_hessian = d.asDiagonal() * hessian * d.asDiagonal();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(log_hessian, Eigen::EigenvaluesOnly);
    const double smallest = eigen.eigenvalues().minCoeff(), largest = eigen.eigenvalues().maxCoeff();
    if (eigen.info() != Eigen::Success || !(smallest > 0)) {
      result.warnings.push_back({"not_identified", fmt::format("{}: the Hessian of the log-likelihood is singular or "
                                                               "not negative definite at the estimates: some "
                                                               "combination of the parameters is not identified by "
                                                               "the data",
                                                               model.name())});
    } else if (largest / smallest > 1e8) {
      result.warnings.push_back({"not_identified", fmt::format("{}: the Hessian of the log-likelihood is nearly "
                                                               "singular (condition number {:.2g} on the log scale of "
                                                               "the parameters): some combination of the parameters "
                                                               "is barely identified by the data",
                                                               model.name(), largest / smallest)});
    }
  }
  // The limits of the model: is the fit better than the simpler model each one stands for?
  for (const ModelLimit& limit : model.Limits(result.params)) {
    const double at_limit = model.LogLikelihood(data, limit.params, {}, threads);
    const double statistic = 2.0 * (result.log_likelihood - at_limit);
    if (std::isfinite(at_limit) && statistic < 3.84) {
      std::string params;
      for (size_t i = 0; i < k; ++i) params += fmt::format("{}{} = {:.4g}", i ? ", " : "", result.param_names[i], result.params[i]);
      result.warnings.push_back(
          {"boundary", fmt::format("{} ({}) fits no better than {} (log-likelihood {:.2f} against {:.2f}; likelihood-ratio "
                                   "statistic {:.2g} < 3.84): the estimates are at the boundary of the model, and the "
                                   "data do not identify what the limit leaves out",
                                   model.name(), params, limit.description, result.log_likelihood, at_limit,
                                   std::max(0.0, statistic))});
    }
  }
}

}  // namespace

FitResult Fit(const Model& model, const Observations& raw, const FitOptions& options) {
  const Observations data = GroupIdentical(FittingRows(model, raw));
  FitResult result;
  result.model = model.name();
  result.param_names = model.param_names();
  result.customers = data.customers();
  result.distinct_rows = data.size();
  const size_t k = result.param_names.size();
  const size_t threads = core::ThreadCount(options.threads);

  std::vector<double> start = options.start.empty() ? model.StartingPoint(data) : options.start;
  std::vector<double> theta(k);
  for (size_t i = 0; i < k; ++i) {
    theta[i] = std::log(start[i]);
    if (!(theta[i] > -30.0 && theta[i] < 30.0)) throw OutOfScale(model, data, result.param_names[i], start[i]);
  }

  std::vector<double> scale(k, 1.0);
  const std::vector<bool> time_params = model.TimeParams();
  if (!time_params.empty()) {
    const double max_t = PenaltyTimeScale(data);
    for (size_t i = 0; i < k && i < time_params.size(); ++i) {
      if (time_params[i] && max_t > 0) scale[i] = 1.0 / max_t;
    }
  }
  Problem problem{&model, &data, result.customers, options.penalizer, std::move(scale), threads, 0, false, INFINITY, {}};
  auto run = [&](nlopt::algorithm algorithm, std::vector<double>& x) {
    nlopt::opt optimizer(algorithm, static_cast<unsigned>(k));
    optimizer.set_min_objective(Objective, &problem);
    optimizer.set_ftol_rel(1e-14);
    optimizer.set_xtol_rel(1e-12);
    optimizer.set_maxeval(options.max_evaluations);
    optimizer.set_lower_bounds(std::vector<double>(k, -30.0));
    optimizer.set_upper_bounds(std::vector<double>(k, 30.0));
    double minimum = 0;
    return optimizer.optimize(x, minimum);
  };
  nlopt::result status = nlopt::SUCCESS;
  try {
    status = run(nlopt::LD_LBFGS, theta);
  } catch (const nlopt::roundoff_limited&) {
    // The optimum is as good as double precision allows; accepted below if finite.
  } catch (const std::exception&) {
    // L-BFGS's line search can fail on a badly scaled surface (a generic NLopt failure). Restart
    // from the best point seen with the derivative-free BOBYQA, then polish with L-BFGS again.
    if (problem.best_theta.empty()) throw OptimizerFailed(model);
    theta = problem.best_theta;
    try {
      status = run(nlopt::LN_BOBYQA, theta);
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::exception&) {
      throw OptimizerFailed(model);
    }
    std::vector<double> polished = problem.best_theta;
    try {
      if (run(nlopt::LD_LBFGS, polished) > 0) theta = polished;
    } catch (const std::exception&) {
      theta = problem.best_theta;
    }
    result.message = "L-BFGS failed on the way; restarted with BOBYQA from the best point found";
  }
  result.evaluations = problem.evaluations;
  if (status == nlopt::MAXEVAL_REACHED || status == nlopt::MAXTIME_REACHED) {
    result.converged = false;
    result.message = fmt::format("did not converge within {} evaluations; the parameters are the best found",
                                 options.max_evaluations);
  }
  result.params.resize(k);
  for (size_t i = 0; i < k; ++i) result.params[i] = std::exp(theta[i]);
  std::vector<double> gradient(k);
  result.log_likelihood = model.LogLikelihood(data, result.params, gradient, threads);
  if (!std::isfinite(result.log_likelihood)) {
    throw Error(ErrorKind::kFit, fmt::format("{}: no finite optimum found: the log-likelihood is not finite at the "
                                             "best parameters",
                                             model.name()))
        .Hint("the data may hold extreme values (very large T, frequency or amounts): check them, or try a small "
              "--penalizer such as 0.001");
  }
  for (size_t i = 0; i < k; ++i) {
    if (theta[i] <= -29.9 || theta[i] >= 29.9) {
      throw Error(ErrorKind::kFit, fmt::format("{}: parameter {} runs off to {} (about {:.3g}): the data do not "
                                               "identify the model",
                                               model.name(), result.param_names[i], theta[i] > 0 ? "infinity" : "zero",
                                               result.params[i]))
          .Hint("try another model, or a small --penalizer");
    }
  }
  const double n = result.customers;
  result.aic = 2.0 * static_cast<double>(k) - 2.0 * result.log_likelihood;
  result.bic = std::log(n) * static_cast<double>(k) - 2.0 * result.log_likelihood;

  const Eigen::MatrixXd hessian = NegativeHessian(model, data, result.params, threads);
  AddIdentificationWarnings(model, data, hessian, threads, &result);
  Eigen::LLT<Eigen::MatrixXd> llt(hessian);
  if (llt.info() == Eigen::Success) {
    const Eigen::MatrixXd covariance = llt.solve(Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)));
    result.std_errors.resize(k);
    for (size_t i = 0; i < k; ++i) result.std_errors[i] = std::sqrt(covariance(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)));
  } else {
    result.message += std::string(result.message.empty() ? "" : "; ") +
                      "the Hessian is not positive definite at the optimum: no standard errors";
  }
  if (problem.failed && result.message.empty()) {
    result.message = "the optimizer met non-finite values on the way (recovered)";
  }
  return result;
}

double PenaltyTimeScale(const Observations& data) {
  double max_t = 0;
  for (double T : data.age) max_t = std::max(max_t, T);
  return max_t;
}

}  // namespace winnow::model
