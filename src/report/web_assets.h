// The web bundle (web/: charts and tables, built with npm and esbuild at build time) compiled
// into the binary, so that report.html is self-contained and `winnow serve` needs no files.
#pragma once

#include <string>
#include <string_view>

namespace winnow::report {

// False when the binary was built without the web bundle (WINNOW_WEB=OFF).
bool HaveWebAssets();

// "report.js", "report.css", "dashboard.js" or "dashboard.css"; empty when unknown.
std::string WebAsset(std::string_view name);

}  // namespace winnow::report
