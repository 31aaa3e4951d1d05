// Writes a CustomerSummary as CSV: customer_id, frequency, recency, T, monetary_value first (the
// Python lifetimes names, so summaries are interchangeable), then the holdout columns
// (frequency_holdout, monetary_holdout, duration_holdout) when there is a calibration split, then
// first_purchase, last_purchase, n_occasions, total_revenue, returned. Columns about money are
// left out when the log has no amounts. Times are written in the shortest form that reads back to
// the same double; money as whole cents when it is within rounding noise of them.
#pragma once

#include <string>

#include "io/id_table.h"
#include "summary/summary.h"

namespace winnow::summary {

// Writes atomically (temporary file, then rename); "-" writes to standard output.
void WriteSummaryCsv(const CustomerSummary& summary, const io::IdTable& ids, const std::string& path,
                     size_t threads = 0);

// RFC 4180 quoting of one field when it needs it.
void AppendCsvField(std::string& out, std::string_view field);

}  // namespace winnow::summary
