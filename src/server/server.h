// `winnow serve`: the dashboard and a JSON API over a project's results, on Boost.Beast (asio):
// a few event-loop threads serve every connection, so slow or idle clients cost memory, not
// threads. The request path itself (decoding, routing, errors) is server/http.h.
//
// Security: binds 127.0.0.1 by default. Bound to any other address it requires a bearer token
// (from WINNOW_TOKEN or a file; never in URLs or logs), checked in constant time on every /api
// request; the dashboard page itself holds no data and asks for the token. On loopback the Host
// header must name this server (DNS rebinding). Errors are JSON {"error": {"kind", "message"}}.
// Limits (http.h): request line and headers 8 KiB and 64 fields (431), body 64 KiB (413), a whole
// request (from its first byte, or from the end of the previous one on a kept-alive connection)
// within 10 s, writes within 10 s; beyond that the connection is closed.
// Freshness: one loader thread checks results.json every reload_seconds; a new run is loaded
// and swapped in whole; requests keep the state they started with.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/http.h"
#include "server/store.h"

namespace winnow::server {

struct ServeOptions {
  std::string dir = ".";
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: any free port (see Server::port())
  std::string token;          // required when not empty
  size_t threads = 2;         // event-loop threads; each serves any number of connections
  double reload_seconds = 2;  // how often results.json is checked for a new run
  double request_seconds = 10;  // a request must arrive whole within this time (slow clients)
  size_t max_connections = 10000;  // beyond: new connections are closed at once
  bool stop_on_signals = false;    // SIGINT and SIGTERM stop Run()
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
  // Thread-safe; not from a signal handler (see ServeOptions::stop_on_signals).
  void Stop();

  // The current state (for tests).
  std::shared_ptr<const ProjectData> data() const;
  // Open connections, and results loaded since the start (for tests).
  size_t connections() const;
  uint64_t reloads() const { return reloads_; }

  struct Net;  // the network side (server.cc)

 private:
  void LoaderLoop();

  ServeOptions options_;
  int port_ = 0;
  mutable std::mutex data_mutex_;
  std::shared_ptr<const ProjectData> data_;
  Site site_;
  std::unique_ptr<Net> net_;
  std::mutex loader_mutex_;
  std::condition_variable loader_wake_;
  bool stopping_ = false;
  std::atomic<uint64_t> reloads_{0};
  std::thread loader_;
};

}  // namespace winnow::server
