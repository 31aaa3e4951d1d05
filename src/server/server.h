// `winnow serve`: the dashboard and a JSON API over a project's results, on cpp-httplib.
//
// Security: binds 127.0.0.1 by default. Bound to any other address it requires a bearer token
// (from WINNOW_TOKEN or a file; never in URLs or logs), checked in constant time on every /api
// request; the dashboard page itself holds no data and asks for the token. Request bodies are
// limited (the API only reads). Errors are JSON {"error": {"kind", "message"}} with 400 (bad
// parameter), 401 (token), 404 (unknown id or path), 405 (method), 500 (our fault).
// Freshness: when results.json changes (a new `winnow run`), the project is reloaded in the
// background and swapped in whole; requests keep the state they started with.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/store.h"

namespace httplib {
class Server;
}

namespace winnow::server {

struct ServeOptions {
  std::string dir = ".";
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: any free port (see Server::port())
  std::string token;          // required when not empty
  size_t threads = 64;        // request worker threads (cpp-httplib gives each open connection one)
  double reload_seconds = 2;  // how often results.json is checked for a new run
  std::function<void(const std::string&)> log;  // access and reload lines; may be empty
};

// True for 127.0.0.1, ::1, localhost and other loopback addresses.
bool IsLoopback(const std::string& host);

class Server {
 public:
  // Loads the project (throws core::Error) and binds (throws kIo when the port is taken).
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  // Serves until Stop(); blocking.
  void Run();
  void Stop();

  // The current state (for tests).
  std::shared_ptr<const ProjectData> data() const;

 private:
  void Routes();
  void MaybeReload();

  ServeOptions options_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  mutable std::mutex data_mutex_;
  std::shared_ptr<const ProjectData> data_;
  std::atomic<int64_t> last_check_{0};
  std::atomic<bool> reloading_{false};
  std::thread reload_thread_;
  std::string dashboard_html_;
};

}  // namespace winnow::server
