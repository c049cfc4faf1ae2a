// SPDX-License-Identifier: MPL-2.0
// The evaluation server's HTTP layer (docs/OPRF.md, "Connections and fairness"): libmicrohttpd (Debian's
// libmicrohttpd-dev) with one epoll thread for every connection's I/O and a fixed pool of worker threads for the
// application. An idle or stalled connection costs a file descriptor and a few KiB, never a thread, so one client
// holding connections open cannot delay anyone else; a connection is closed after --idle-timeout-s without a byte,
// and each client address (IPv6: its /64) may hold at most max_connections_per_address at once.
//
// Silence is not the only way to hold a connection: one header byte every few seconds never trips the idle
// timeout. So every connection also has an absolute deadline while it waits for a request: a complete request
// (headers and body) must arrive within request_timeout_s of the connection being opened or of its previous
// response (an idle keep-alive connection included), or the connection is shut down. And when
// max_connections are open, a new connection is not refused: the connection that has waited longest for its
// request is shut down to make room, so clients that trickle from many addresses cannot keep a fresh client out
// (an honest client sends its request within a round trip of connecting: it is the youngest, not the oldest).
// A connection whose complete request is being answered is never cut.
//
// The layer also bounds request framing before any body is read (refusals always carry "Connection: close" when
// unread bytes remain): any Transfer-Encoding or a body-carrying method without Content-Length -> 411, a repeated
// or malformed Content-Length, or a body on a method that takes none -> 400, a declared body over
// max_body_bytes -> 413 (read and discarded up to drainable_body_bytes, so an honest client gets its 413 on a
// usable connection; beyond that, refused on the headers and closed). Handlers get complete requests only.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

struct MHD_Daemon;
struct MHD_Connection;

namespace breachcheck::cli {

struct HttpRequest {
  std::string method;
  std::string path;                                           // without the query string
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;
  std::string peer;  // the peer's numeric address (for rate limits; never logged)

  std::size_t header_count(const std::string& name) const;           // case-insensitive name
  std::string header(const std::string& name, std::size_t index = 0) const;  // "" when absent
  bool has_header(const std::string& name) const { return header_count(name) > 0; }
};

// A header value without the spaces and tabs around it (RFC 9110's optional whitespace).
std::string trim_ows(const std::string& value);

struct HttpResponse {
  int status = 500;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type;
  bool close = false;  // "Connection: close", then the connection ends

  void set_header(const std::string& name, const std::string& value);
  void set_content(std::string content, std::string type) {
    body = std::move(content);
    content_type = std::move(type);
  }
};

struct HttpServerConfig {
  std::string listen = "127.0.0.1";  // numeric address or host name
  int port = 0;                      // 0: any free port
  unsigned workers = 8;
  unsigned max_connections = 1024;
  unsigned max_connections_per_address = 16;  // 0: no cap
  unsigned idle_timeout_s = 5;
  unsigned request_timeout_s = 10;  // absolute: opened (or previous response sent) -> complete request
  std::size_t max_body_bytes = 64;
  std::size_t drainable_body_bytes = 4096;
  std::size_t connection_memory_bytes = 16 * 1024;  // per connection: request line, headers, buffers
};

class HttpServer {
 public:
  // Runs on a worker thread for every complete request that passed the framing checks.
  using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;
  // Runs for every response sent (framing refusals included, `framing` true): logging and counting.
  using Observer = std::function<void(const HttpRequest&, const HttpResponse&, bool framing)>;

  HttpServer(HttpServerConfig config, Handler handler, Observer observer);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, starts the I/O thread and the workers; returns the port. Throws std::runtime_error.
  int start();
  // Closes the listening socket: no new connection; open ones are served on.
  void stop_accepting();
  // Waits until no request is in progress (received in part, queued, running or being sent), at most `limit`.
  bool wait_idle(std::chrono::milliseconds limit);
  // Ends everything: workers finish their queue, then every connection is closed.
  void stop();

  std::uint64_t open_connections() const { return open_connections_.load(); }
  std::uint64_t refused_per_address() const { return refused_per_address_.load(); }
  std::uint64_t refused_full() const { return refused_full_.load(); }
  std::uint64_t closed_at_deadline() const { return closed_at_deadline_.load(); }
  std::uint64_t evicted_when_full() const { return evicted_when_full_.load(); }
  std::uint64_t requests_in_progress() const { return in_progress_.load(); }

  struct RequestState;  // one request's life (http_server.cpp)

 private:
  friend struct HttpServerCallbacks;
  // One open connection, as the deadline keeper sees it (under connections_mutex_).
  struct OpenConnection {
    std::string group;  // address group (per-address cap)
    int socket = -1;    // our duplicate of its socket: shut down from any thread, never reused under us
    std::chrono::steady_clock::time_point waiting_since;  // opened, or its previous response finished
    bool answering = false;  // a complete request is queued, running or being sent: no deadline
    bool cut = false;        // shut down by us (deadline or eviction); no longer counted as open
  };
  void enqueue(RequestState* state);
  void work();
  void keep_deadlines();
  void set_answering(MHD_Connection* connection, bool answering);
  void cut(OpenConnection& connection);  // connections_mutex_ held

  HttpServerConfig config_;
  Handler handler_;
  Observer observer_;
  MHD_Daemon* daemon_ = nullptr;
  int listen_fd_closed_ = 0;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<RequestState*> queue_;
  bool stopping_workers_ = false;
  std::vector<std::thread> workers_;

  std::mutex connections_mutex_;
  std::map<std::string, unsigned> connections_by_address_;  // address group -> open connections
  std::map<MHD_Connection*, OpenConnection> connections_;
  unsigned counted_connections_ = 0;  // open and not cut: what max_connections bounds

  std::mutex deadline_mutex_;
  std::condition_variable deadline_cv_;
  bool stopping_deadlines_ = false;
  std::thread deadline_keeper_;

  std::atomic<std::uint64_t> open_connections_{0};
  std::atomic<std::uint64_t> refused_per_address_{0};
  std::atomic<std::uint64_t> refused_full_{0};
  std::atomic<std::uint64_t> closed_at_deadline_{0};
  std::atomic<std::uint64_t> evicted_when_full_{0};
  std::atomic<std::uint64_t> in_progress_{0};
  std::mutex idle_mutex_;
  std::condition_variable idle_cv_;
};

}  // namespace breachcheck::cli
