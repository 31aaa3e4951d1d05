// Checks shared by the models of (x, t_x, T) data.
#pragma once

#include <cmath>

#include <functional>

#include "model/model.h"
#include "summary/summary.h"

namespace winnow::model {

// x whole numbers >= 0, 0 <= t_x <= T, T > 0, t_x = 0 when x = 0, weights > 0, and at least one
// repeat buyer; throws core::Error(kInput / kFit) naming the model and the first bad row.
void CheckPurchaseData(const std::string& model, const Observations& data);

// BG/NBD and MBG/NBD expectations divide by a - 1: their closed forms hold for every a > 0 by
// analytic continuation (CDNOW's a < 1 included), and a = 1 is a removable singularity, evaluated
// just beside it.
inline double AwayFromOne(double a) {
  return std::abs(a - 1.0) < 1e-7 ? 1.0 + (a >= 1.0 ? 1e-7 : -1e-7) : a;
}

// The model data of a customer summary: frequency, recency, T, monetary_value when the log had
// amounts, weight 1; with `keep`, only the summary rows it accepts.
Observations SummaryObservations(const summary::CustomerSummary& s, const std::function<bool(size_t)>& keep = {});

// The largest x, for tables indexed by x.
size_t MaxFrequency(const Observations& data);

}  // namespace winnow::model
