// The request path of `winnow serve` as pure functions, apart from the network: a request as
// received (method, raw target, Host and Authorization) goes in, a whole response comes out.
// Percent-decoding, routing, query parsing, the token and Host checks and the error JSON all live
// here, so that tests and the fuzz target (fuzz/http_request_fuzz.cc) drive them directly.
//
// Rules: the decoded path and every decoded query name and value must be valid UTF-8 (RFC 3629:
// no overlong forms, no surrogates) without control characters, else 400. Exception text never
// reaches a client: an unexpected exception is logged and answered with a generic 500. Every
// response carries the security headers (SecurityHeaders below).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "server/store.h"

namespace winnow::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;         // as sent, e.g. "GET"
  std::string target;         // as sent, e.g. "/api/customers?tier=A%20B"
  bool has_host = false;      // a Host header was sent
  std::string host;           // its value
  std::string authorization;  // the Authorization header, "" when absent
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  Headers headers;  // besides Content-Type and Content-Length
};

// What the request path needs to know about the server besides the data.
struct Site {
  std::string token;                       // "" : no token required
  std::vector<std::string> allowed_hosts;  // lower-case "host:port" values; empty: any Host
  std::string dashboard_html;
  std::string dashboard_csp;               // Content-Security-Policy of the dashboard page
  std::function<void(const std::string&)> log;  // unexpected errors; may be empty
};

// Limits of a request's target (checked by Respond) and of the request as read by the server.
inline constexpr size_t kMaxTargetBytes = 4096;
inline constexpr size_t kMaxQueryParameters = 32;
inline constexpr size_t kMaxHeaderBytes = 8192;   // request line and all header lines
inline constexpr size_t kMaxHeaderFields = 64;
inline constexpr size_t kMaxBodyBytes = 64 * 1024;

// Percent-decodes `in` into `out` ('+' as a space when `plus_is_space`, for query parts). False
// when an escape is malformed or the result is not valid UTF-8 or holds a control character.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out);

// The OpenAPI 3 description of the API (src/server/openapi.json, embedded at build time).
std::string_view OpenApiJson();

// Answers one request. Never throws.
HttpResponse Respond(const HttpRequest& request, const Site& site, const ProjectData& data);

// A JSON error {"error": {"kind", "message"}} with the security headers (for the errors the
// transport answers itself: header too large, body too large, malformed request).
HttpResponse ErrorResponse(int status, std::string_view kind, std::string_view message);

// X-Content-Type-Options, X-Frame-Options, Referrer-Policy, Cache-Control and a
// Content-Security-Policy (`csp`, or one that allows nothing for JSON answers).
void AddSecurityHeaders(HttpResponse& response, std::string_view csp = {});

// The Content-Security-Policy of a page whose only script and style are inline: the script is
// allowed by its SHA-256 hash, inline styles as such (the charts set style attributes); nothing
// else is loaded but images from data: and blob: URIs and requests to this server.
std::string PageCsp(std::string_view html);

// The allowed Host values of a loopback server bound to `host`:`port` (localhost, 127.0.0.1,
// [::1] and the bound address, each with the port).
std::vector<std::string> LoopbackHosts(const std::string& host, int port);

using core::ValidUtf8;  // `text` with each invalid UTF-8 sequence replaced by U+FFFD

}  // namespace winnow::server
