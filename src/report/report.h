// The HTML views of a run's results: report.html, one self-contained file (styles, scripts and
// the results document inline; opens offline), and the dashboard page `winnow serve` hands out.
// Both are drawn in the browser by the web bundle (web/) from results.json, so the engine
// aggregates and the views never recompute.
#pragma once

#include <string>
#include <string_view>

namespace winnow::report {

// report.html for a results.json document. Throws core::Error(kUsage) when built without the
// web bundle.
std::string ReportHtml(std::string_view results_json);

// The dashboard page (it loads its data from the API).
std::string DashboardHtml();

// Reads OUT_DIR/results.json and writes OUT_DIR/report.html atomically; returns its path.
// Throws core::Error(kIo) when results.json is missing.
std::string WriteReport(const std::string& out_dir);

// JSON text made safe inside <script>: every '<' becomes \u003c (valid in JSON strings, the only
// place '<' can appear), so no "</script>" or "<!--" can end or confuse the script element.
std::string ScriptSafeJson(std::string_view json);

}  // namespace winnow::report
