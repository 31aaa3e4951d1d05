// The interface every customer-base model implements: a log-likelihood with its gradient on
// weighted observations, a starting point and a check that the data can identify the model.
// Fitting (model/fit.h) and the registry (model/registry.h) work through it; predictions are
// each model's own (see its header).
#pragma once

#include <span>
#include <string>
#include <vector>

namespace winnow::model {

// One row per customer, or per group of identical customers with their count as weight.
// Which columns a model reads is stated in its header.
struct Observations {
  std::vector<double> frequency;  // x: repeat purchases (BG/BB: purchases)
  std::vector<double> recency;    // t_x: time of the last purchase (BG/BB: its period index)
  std::vector<double> age;        // T: time observed since the first purchase (BG/BB: periods)
  std::vector<double> monetary;   // Gamma-Gamma: mean spend of the repeat purchases
  std::vector<double> churned;    // shifted-BG: 1 when the contract has ended
  std::vector<double> weight;     // customers the row stands for

  size_t size() const { return weight.size(); }
  double customers() const;
};

// A limit of a model's parameter space: `code` names it in warnings ("no_churn_limit"),
// `description` says what the model becomes there, `params` is a point standing for it.
struct ModelLimit {
  std::string code;
  std::string description;
  std::vector<double> params;
};

class Model {
 public:
  virtual ~Model() = default;
  // Registry name, e.g. "bgnbd".
  virtual std::string name() const = 0;
  // Parameter names as in the paper, e.g. {"r", "alpha", "a", "b"}; all parameters are > 0.
  virtual std::vector<std::string> param_names() const = 0;
  // Throws core::Error(kFit) when the data cannot identify the model, kInput for bad values.
  virtual void CheckData(const Observations& data) const = 0;
  virtual std::vector<double> StartingPoint(const Observations& data) const = 0;
  // True when the likelihood reads `monetary` (Gamma-Gamma); the others fit without it, so that
  // identical purchase histories group whatever their spend.
  virtual bool UsesMonetary() const { return false; }
  // Which parameters are measured in units of time (the Gamma rate parameters alpha and beta of
  // the purchase and dropout rates): the penalizer scales them by the largest T, so that a
  // penalized fit is the same whatever the time unit (model/fit.h). Empty: none.
  virtual std::vector<bool> TimeParams() const { return {}; }
  // The limits of the parameter space where the model turns into a simpler one, each as a point
  // that stands for it, given the fitted parameters (BG/NBD's no-churn limit a -> 0 is the NBD).
  // A fit no better than one of its limits is degenerate (model/fit.h).
  virtual std::vector<ModelLimit> Limits(std::span<const double> params) const {
    (void)params;
    return {};
  }
  // Sum over rows of weight * log L_i at `params`; when `gradient` is not empty it receives the
  // derivatives with respect to the parameters. Uses up to `threads` threads.
  virtual double LogLikelihood(const Observations& data, std::span<const double> params,
                               std::span<double> gradient, size_t threads = 1) const = 0;
};

// Rows with equal values in every column merged into one, weights added (fits then cost per
// distinct row, not per customer). Row order: first appearance. With group_of, it receives the
// output row of each input row (predictions then cost per distinct row too).
Observations GroupIdentical(const Observations& data, std::vector<uint32_t>* group_of = nullptr);

}  // namespace winnow::model
