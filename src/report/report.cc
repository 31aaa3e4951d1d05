#include "report/report.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "io/output_file.h"
#include "report/web_assets.h"

namespace winnow::report {

using core::Error;
using core::ErrorKind;

namespace {

void RequireAssets() {
  if (!HaveWebAssets()) {
    throw Error(ErrorKind::kUsage, "this winnow was built without the web bundle (WINNOW_WEB=OFF): no report or dashboard")
        .Hint("rebuild with Node.js and npm available (make build installs them)");
  }
}

// Inline JS must not contain "</script" either; esbuild escapes it in strings, and this keeps
// any that slip through from ending the element.
std::string ScriptSafeCode(std::string code) {
  size_t pos = 0;
  while ((pos = code.find("</script", pos)) != std::string::npos) code.replace(pos, 2, "<\\/");
  return code;
}

}  // namespace

std::string ScriptSafeJson(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 64);
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

// A page of the web bundle: its styles and script inline, with `data` (already script-safe)
// before the script when not empty.
std::string Page(const char* title, const char* bundle, std::string_view data) {
  RequireAssets();
  std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  html += title;
  html += "</title><style>";
  html += WebAsset(std::string(bundle) + ".css");
  html += "</style></head><body><div id=\"app\"></div>";
  if (!data.empty()) {
    html += "<script id=\"winnow-results\" type=\"application/json\">";
    html += data;
    html += "</script>";
  }
  html += "<script>";
  html += ScriptSafeCode(WebAsset(std::string(bundle) + ".js"));
  html += "</script></body></html>\n";
  return html;
}

}  // namespace

std::string ReportHtml(std::string_view results_json) {
  return Page("winnow report", "report", ScriptSafeJson(results_json));
}

std::string DashboardHtml() { return Page("winnow dashboard", "dashboard", {}); }

std::string WriteReport(const std::string& out_dir) {
  const std::string results = (std::filesystem::path(out_dir) / "results.json").string();
  std::ifstream in(results, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::kIo, fmt::format("{}: cannot read the results; run `winnow run` first", results));
  }
  const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string path = (std::filesystem::path(out_dir) / "report.html").string();
  io::OutputFile file(path);
  file.Write(ReportHtml(json));
  file.Commit();
  return path;
}

}  // namespace winnow::report
