// How well a fitted purchase model predicts a holdout period, in the three views of Fader,
// Hardie & Lee (2005): per customer (MAE, RMSE, correlation of predicted and actual holdout
// purchases), the conditional expectations by calibration frequency, and the aggregate tracking
// series of repeat purchases per period (predicted from each customer's first purchase on,
// against the actual count, and both cumulated).
#pragma once

#include <string>
#include <vector>

#include "model/predict.h"
#include "summary/summary.h"

namespace winnow::model {

struct HoldoutMetrics {
  double customers = 0;
  double actual_total = 0, predicted_total = 0;
  double mae = 0, rmse = 0, correlation = 0;
};

struct ConditionalRow {
  std::string frequency;  // "0" .. "6", "7+"
  double customers = 0;
  double actual = 0;     // mean holdout purchases
  double predicted = 0;  // mean predicted holdout purchases
};

struct TrackingPoint {
  int period = 0;            // 0-based, periods of one time unit from the first date in the log
  core::Day start = 0;       // first day of the period
  double actual = 0, predicted = 0;
  double actual_cumulative = 0, predicted_cumulative = 0;
  bool holdout = false;      // the period ends after the calibration end
};

struct Validation {
  HoldoutMetrics metrics;
  std::vector<double> predicted;  // expected holdout purchases per customer, in summary order
  std::vector<ConditionalRow> conditional;
  std::vector<TrackingPoint> tracking;
};

// Needs a summary with a calibration end (holdout columns). Throws core::Error(kUsage) otherwise.
Validation Validate(const PurchasePredictor& predictor, const summary::CustomerSummary& summary, size_t threads = 0);

}  // namespace winnow::model
