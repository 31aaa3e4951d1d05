#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "project/config.h"
#include "report/report.h"
#include "server/server.h"

namespace winnow::cli {

using core::Error;
using core::ErrorKind;

namespace {

server::Server* g_server = nullptr;

void StopOnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

std::string ReadToken(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kIo, fmt::format("--token-file {}: cannot read", path));
  std::string token{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.size() < 16) throw Error(ErrorKind::kUsage, fmt::format("--token-file {}: the token must have at least 16 characters", path));
  return token;
}

}  // namespace

Action AddServeCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "serve", "Serve the dashboard and a JSON API over a project's results (DIR/out), reloading after each run");
  auto options = std::make_shared<server::ServeOptions>();
  auto token_file = std::make_shared<std::string>();
  command->add_option("dir", options->dir, "Project folder (with winnow.toml and out/)")->capture_default_str();
  command->add_option("--host", options->host, "Address to bind; beyond loopback a token is required")->capture_default_str();
  command->add_option("--port", options->port, "Port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  command->add_option("--token-file", *token_file,
                      "File holding the bearer token (default: the WINNOW_TOKEN environment variable)");
  command->add_option("--threads", options->threads, "Request worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  return [=, &global]() {
    if (!token_file->empty()) {
      options->token = ReadToken(*token_file);
    } else if (const char* env = std::getenv("WINNOW_TOKEN"); env != nullptr && *env != '\0') {
      options->token = env;
      if (options->token.size() < 16) throw Error(ErrorKind::kUsage, "WINNOW_TOKEN: the token must have at least 16 characters");
    }
    if (!global.quiet) options->log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    server::Server server(*options);
    g_server = &server;
    std::signal(SIGINT, StopOnSignal);
    std::signal(SIGTERM, StopOnSignal);
    Say(global, fmt::format("serving {} on http://{}:{}/ ({}); Ctrl-C stops", options->dir, options->host, server.port(),
                            options->token.empty() ? "no token" : "bearer token required"));
    std::fflush(stderr);
    server.Run();
    g_server = nullptr;
    return 0;
  };
}

Action AddReportCommand(CLI::App& root, const GlobalArgs& global) {
  auto* command = root.add_subcommand(
      "report", "Write DIR/out/report.html: one self-contained file (opens offline) from the results of winnow run");
  auto dir = std::make_shared<std::string>(".");
  command->add_option("dir", *dir, "Project folder (with winnow.toml and out/)")->capture_default_str();
  return [=, &global]() {
    const project::ProjectConfig config = project::LoadProjectConfig(*dir);
    const std::string path = report::WriteReport(config.Resolve(config.out_dir));
    Say(global, fmt::format("wrote {}", path));
    return 0;
  };
}

}  // namespace winnow::cli
