// Stand-in for the generated web assets when winnow is built with WINNOW_WEB=OFF.
#include "report/web_assets.h"

namespace winnow::report {

bool HaveWebAssets() { return false; }

std::string WebAsset(std::string_view) { return {}; }

}  // namespace winnow::report
