#include <fmt/format.h>

#include <sys/resource.h>

#include <algorithm>
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

// Every connection is a file descriptor: the soft limit is raised to the hard one (often 1024 ->
// 524288), so that the connection limit, not the descriptor limit, decides.
size_t RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<size_t>(limit.rlim_cur);
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
  command->add_option("--threads", options->threads, "Event-loop threads (each serves any number of connections)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  command->add_option("--max-connections", options->max_connections, "Open connections at most; more are closed at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  return [=, &global]() {
    if (!token_file->empty()) {
      options->token = ReadToken(*token_file);
    } else if (const char* env = std::getenv("WINNOW_TOKEN"); env != nullptr && *env != '\0') {
      options->token = env;
      if (options->token.size() < 16) throw Error(ErrorKind::kUsage, "WINNOW_TOKEN: the token must have at least 16 characters");
    }
    if (!global.quiet) options->log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    const size_t descriptors = RaiseDescriptorLimit();
    if (descriptors > 64) options->max_connections = std::min(options->max_connections, descriptors - 64);
    options->stop_on_signals = true;
    server::Server server(*options);
    Say(global, fmt::format("serving {} on http://{}:{}/ ({}); Ctrl-C stops", options->dir, options->host, server.port(),
                            options->token.empty() ? "no token" : "bearer token required"));
    std::fflush(stderr);
    server.Run();
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
