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

// The model data of a customer summary: frequency, recency, T, monetary_value when the log had
// amounts, weight 1; with `keep`, only the summary rows it accepts.
Observations SummaryObservations(const summary::CustomerSummary& s, const std::function<bool(size_t)>& keep = {});

// The largest x, for tables indexed by x.
size_t MaxFrequency(const Observations& data);

}  // namespace winnow::model
