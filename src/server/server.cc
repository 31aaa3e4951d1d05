#include "server/server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <malloc.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <chrono>
#include <optional>

#include "core/error.h"
#include "report/report.h"
#include "report/web_assets.h"

namespace winnow::server {

using core::Error;
using core::ErrorKind;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Connections are accepted on a thread of their own, so that new clients are let in at once
// however busy the event-loop threads are (accepting on those, one connection per turn, let a
// few dozen reconnecting slow clients starve everyone else).
struct Server::Net {
  std::atomic<size_t> connections{0};  // before io_context: sessions destroyed with it count down
  asio::io_context ioc;                // the event loop of the connections
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  asio::io_context accept_ioc;
  tcp::acceptor acceptor{accept_ioc};
  asio::steady_timer accept_pause{accept_ioc};
  std::optional<asio::signal_set> signals;
};

namespace {

using Clock = std::chrono::steady_clock;

// One connection: reads a request (whole within the request deadline), answers it, and reads the
// next while the client keeps the connection alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server& server, std::atomic<size_t>& connections, const Site& site,
          const ServeOptions& options)
      : stream_(std::move(socket)), server_(server), connections_(connections), site_(site), options_(options) {
    ++connections_;
  }
  ~Session() { --connections_; }

  // From the accepting thread into the connection's strand, where all its work runs.
  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  std::chrono::steady_clock::duration Deadline() const {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options_.request_seconds));
  }

  void Read() {
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(kMaxBodyBytes);
    stream_.expires_after(Deadline());
    bhttp::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->OnRead(ec);
    });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return Send(ErrorResponse(431, "input", fmt::format("the request line and headers exceed {} bytes", kMaxHeaderBytes)),
                  false, false, "-");
    }
    if (ec == bhttp::error::body_limit) {
      return Send(ErrorResponse(413, "input", fmt::format("the request body exceeds {} bytes", kMaxBodyBytes)), false,
                  false, "-");
    }
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message) {
      return Send(ErrorResponse(400, "input", "malformed HTTP request"), false, false, "-");
    }
    if (ec) return Close();  // closed by the client, timed out, or cut off
    const auto& req = parser_->get();
    size_t fields = 0;
    for (auto it = req.begin(); it != req.end(); ++it) ++fields;
    if (fields > kMaxHeaderFields) {
      return Send(ErrorResponse(431, "input", fmt::format("more than {} header fields", kMaxHeaderFields)), false, false,
                  "-");
    }
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    const auto host = req.find(bhttp::field::host);
    request.has_host = host != req.end();
    if (request.has_host) request.host = std::string(host->value());
    const auto authorization = req.find(bhttp::field::authorization);
    if (authorization != req.end()) request.authorization = std::string(authorization->value());
    HttpResponse response;
    try {
      response = Respond(request, site_, *server_.data());
    } catch (const std::exception&) {  // out of memory
      response = ErrorResponse(500, "internal", "internal error");
    }
    Send(std::move(response), req.keep_alive(), request.method == "HEAD", request.method + " " + request.target);
  }

  void Send(HttpResponse response, bool keep_alive, bool head, const std::string& what) {
    if (options_.log) options_.log(ValidUtf8(fmt::format("{} {}", what.substr(0, 200), response.status)));
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->result(static_cast<unsigned>(response.status));
    res->version(parser_ && parser_->is_header_done() ? parser_->get().version() : 11);
    if (!response.content_type.empty()) res->set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res->insert(name, value);
    res->keep_alive(keep_alive);
    res->body() = std::move(response.body);
    res->prepare_payload();
    if (head) res->body().clear();  // Content-Length stays that of the GET
    stream_.expires_after(Deadline());
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      if (!keep_alive) return self->LingerClose();
      self->Read();
    });
  }

  // Closing a socket with unread input sends a reset, which can destroy the answer before the
  // client reads it (a 413 for a client still sending its body): so the input is drained first,
  // up to 1 MiB and 2 s.
  void LingerClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }
  void Drain() {
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > (1u << 20)) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::array<char, 4096> scratch_;
  size_t drained_ = 0;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server& server_;
  std::atomic<size_t>& connections_;
  const Site& site_;
  const ServeOptions& options_;
};

void Accept(Server* server, Server::Net* net, const Site* site, const ServeOptions* options) {
  net->acceptor.async_accept(asio::make_strand(net->ioc), [=](beast::error_code ec, tcp::socket socket) {
    if (!net->acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors: wait a little instead of spinning on accept.
      net->accept_pause.expires_after(std::chrono::milliseconds(50));
      net->accept_pause.async_wait([=](beast::error_code) { Accept(server, net, site, options); });
      return;
    }
    if (net->connections.load() >= options->max_connections) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      std::make_shared<Session>(std::move(socket), *server, net->connections, *site, *options)->Start();
    }
    Accept(server, net, site, options);
  });
}

}  // namespace

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Server::Server(ServeOptions options) : options_(std::move(options)), net_(std::make_unique<Net>()) {
  if (!IsLoopback(options_.host) && options_.token.empty()) {
    throw Error(ErrorKind::kUsage, fmt::format("--host {}: serving beyond this machine needs a token", options_.host))
        .Hint("set WINNOW_TOKEN or --token-file; the dashboard then asks for it");
  }
  data_ = LoadProject(options_.dir);
  site_.token = options_.token;
  site_.dashboard_html = report::HaveWebAssets()
                             ? report::DashboardHtml()
                             : "<!doctype html><title>winnow</title><p>This winnow was built without the web bundle: "
                               "the JSON API is under /api/.</p>\n";
  site_.dashboard_csp = PageCsp(site_.dashboard_html);
  site_.log = options_.log;

  beast::error_code ec;
  const std::string address_text = options_.host == "localhost" ? "127.0.0.1" : options_.host;
  const auto address = asio::ip::make_address(address_text, ec);
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  if (!ec) net_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) net_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) net_->acceptor.bind(endpoint, ec);
  if (!ec) net_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorKind::kIo, fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                            options_.host, options_.port));
  }
  port_ = net_->acceptor.local_endpoint().port();
  if (IsLoopback(options_.host)) site_.allowed_hosts = LoopbackHosts(options_.host, port_);
  if (options_.stop_on_signals) {
    net_->signals.emplace(net_->ioc, SIGINT, SIGTERM);
    net_->signals->async_wait([this](beast::error_code, int) { Stop(); });
  }
  Accept(this, net_.get(), &site_, &options_);
  loader_ = std::thread([this] { LoaderLoop(); });
}

Server::~Server() {
  Stop();
  {
    std::lock_guard<std::mutex> lock(loader_mutex_);
    stopping_ = true;
  }
  loader_wake_.notify_all();
  if (loader_.joinable()) loader_.join();
}

void Server::Run() {
  std::vector<std::thread> threads;
  threads.emplace_back([this] { net_->accept_ioc.run(); });
  for (size_t k = 1; k < std::max<size_t>(1, options_.threads); ++k) threads.emplace_back([this] { net_->ioc.run(); });
  net_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  asio::post(net_->accept_ioc, [this] {
    beast::error_code ignored;
    net_->acceptor.close(ignored);
  });
  asio::post(net_->ioc, [this] {
    beast::error_code ignored;
    if (net_->signals) net_->signals->cancel(ignored);
  });
  net_->work.reset();
  net_->accept_ioc.stop();
  net_->ioc.stop();
}

size_t Server::connections() const { return net_->connections.load(); }

std::shared_ptr<const ProjectData> Server::data() const {
  std::lock_guard<std::mutex> lock(data_mutex_);
  return data_;
}

// One thread for every reload, for the life of the server: its allocations come from one malloc
// arena, which the next load reuses (a new thread per reload took a new arena each time, and the
// memory grew by the size of the project on every run).
void Server::LoaderLoop() {
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options_.reload_seconds));
  std::unique_lock<std::mutex> lock(loader_mutex_);
  while (!loader_wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    auto current = data();
    const int64_t mtime = ResultsMtime(current->out_dir);
    if (mtime != 0 && mtime != current->results_mtime) {
      try {
        auto fresh = LoadProject(options_.dir);
        {
          std::lock_guard<std::mutex> data_lock(data_mutex_);
          data_.swap(fresh);
        }
        fresh.reset();
        current.reset();  // freed here unless a request still holds it
        malloc_trim(0);
        ++reloads_;
        if (options_.log) options_.log("reloaded the results of a new run");
      } catch (const std::exception& e) {
        // A run may still be writing; the next check tries again.
        malloc_trim(0);
        if (options_.log) options_.log(std::string("reload failed, keeping the previous results: ") + e.what());
      }
    }
    current.reset();
    lock.lock();
  }
}

}  // namespace winnow::server
