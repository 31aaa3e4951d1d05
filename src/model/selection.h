// Choosing among purchase models fitted on a calibration period and judged on its holdout: one
// rule for `winnow compare` and `winnow run`, and the warnings of a model choice.
//
// The rule:
//   1. The candidate with the lowest holdout mean absolute error (MAE) per customer leads.
//   2. Another candidate is tied with it when their difference is within the sampling noise: for
//      the per-customer differences d_i = |e_other,i| - |e_lead,i| of the absolute errors on the
//      same customers, mean(d) <= 2 sd(d) / sqrt(n) (a paired comparison over customers, the
//      normal approximation of a paired bootstrap of the MAE difference; two standard errors are
//      about the 95 % level), or mean(d) <= 1e-4 MAE_lead (too small to matter), or the two predict
//      the same (see "collapsed" below).
//   3. Among the tied candidates, the lowest BIC wins when it is lower than every other tied
//      candidate's by more than 2 (positive evidence in Kass & Raftery's scale); otherwise the
//      simplest wins: the fewest parameters, then the first in the order of the candidates list.
//   4. The others follow: the rest of the tied candidates by BIC, then the others by MAE.
// Warnings: "collapsed" when candidates predict the same holdout purchases for every customer
// (within 1e-4, relative to max(1, prediction)): they have turned into the same model, as the
// BG/NBD, MBG/NBD and Pareto/NBD do at their common no-churn limit.
#pragma once

#include <string>
#include <vector>

#include "model/fit.h"
#include "model/predict.h"
#include "model/validation.h"

namespace winnow::model {

struct FittedCandidate {
  std::string model;
  FitResult fit;
  Validation validation;
};

struct Choice {
  std::vector<size_t> order;           // indices of the candidates, the chosen one first
  std::vector<bool> tied;              // per candidate (input order): tied with the leader on the holdout
  std::string reason;                  // why the first one, in a sentence
  std::vector<FitWarning> warnings;    // "collapsed"
};

// The candidate `name` (a registry name) fitted on `data`, the calibration part of `summary` as
// Observations, and validated on the summary's holdout; its fit's warnings are the fit's own.
// `time_unit` is the summary's. Throws what model::Fit throws (core::Error(kFit) when the data
// cannot identify the model).
FittedCandidate FitCandidate(const std::string& name, const Observations& data, const summary::CustomerSummary& summary,
                             const std::string& time_unit, const FitOptions& options);

// `actual` holds the holdout purchases per customer, in the order of the validations' predictions.
Choice ChooseModel(const std::vector<FittedCandidate>& candidates, const std::vector<double>& actual);

// "p_alive_near_one" when P(alive) exceeds 0.99 for at least 95 % of the customers with repeat
// purchases (at least 20 of them): the model sees no churn, and no churn alert can fire. (Customers
// without repeat purchases are left out: BG/NBD gives them P(alive) = 1 by construction.)
std::vector<FitWarning> PredictionWarnings(const PurchasePredictor& predictor, const std::string& model,
                                           const Observations& data);
// The same rule from the counts: customers with repeat purchases, and those of them with P(alive) > 0.99.
std::vector<FitWarning> AliveWarnings(const std::string& model, double repeat_customers, double near_one);

}  // namespace winnow::model
