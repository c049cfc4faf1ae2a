// SPDX-License-Identifier: MPL-2.0
#include "net/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <stdexcept>

namespace breachcheck::cli {

namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// The group a connection counts against: an IPv4 address, or the /64 of an IPv6 one (a subscriber's usual
// block; counting single IPv6 addresses would let one client open 2^64 x the cap).
std::string address_group(const sockaddr* address) {
  if (address == nullptr) return "?";
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return std::string("4:") + std::string(reinterpret_cast<const char*>(&v4->sin_addr), 4);
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    const auto* bytes = reinterpret_cast<const unsigned char*>(&v6->sin6_addr);
    if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) return std::string("4:") + std::string(reinterpret_cast<const char*>(bytes + 12), 4);
    return std::string("6:") + std::string(reinterpret_cast<const char*>(bytes), 8);
  }
  return "?";
}

std::string numeric_address(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address == nullptr) return "";
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  }
  return text;
}

// Connections cut to make room stay open until libmicrohttpd's thread sees them close (one loop turn): room for
// that above max_connections, so a burst of evictions never makes libmicrohttpd itself refuse at accept.
unsigned eviction_headroom(unsigned max_connections) { return std::max(16u, max_connections / 16); }

std::string json_error_body(const char* code) { return std::string("{\"error\":\"") + code + "\"}"; }

}  // namespace

std::string trim_ows(const std::string& value) {
  const auto begin = value.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = value.find_last_not_of(" \t");
  return value.substr(begin, end - begin + 1);
}

std::size_t HttpRequest::header_count(const std::string& name) const {
  return static_cast<std::size_t>(
      std::count_if(headers.begin(), headers.end(), [&](const auto& h) { return same_name(h.first, name); }));
}

std::string HttpRequest::header(const std::string& name, std::size_t index) const {
  for (const auto& h : headers) {
    if (same_name(h.first, name) && index-- == 0) return h.second;
  }
  return "";
}

void HttpResponse::set_header(const std::string& name, const std::string& value) {
  for (auto& h : headers) {
    if (same_name(h.first, name)) {
      h.second = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

struct HttpServer::RequestState {
  enum class Phase { kReceiving, kDiscarding, kQueued, kDone };
  HttpServer* server = nullptr;
  MHD_Connection* connection = nullptr;
  HttpRequest request;
  HttpResponse response;
  std::atomic<Phase> phase{Phase::kReceiving};
  bool sent = false;
};

// libmicrohttpd's C callbacks, with access to HttpServer's internals.
struct HttpServerCallbacks {
  using State = HttpServer::RequestState;

  static MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
    static_cast<HttpRequest*>(cls)->headers.emplace_back(key != nullptr ? key : "", value != nullptr ? value : "");
    return MHD_YES;
  }

  static void send(State& state, bool framing) {
    if (state.sent) return;
    state.sent = true;
    HttpResponse& res = state.response;
    MHD_Response* response =
        MHD_create_response_from_buffer(res.body.size(), const_cast<char*>(res.body.data()), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return;  // out of memory: MHD closes the connection
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    if (!res.content_type.empty()) MHD_add_response_header(response, "Content-Type", res.content_type.c_str());
    for (const auto& [name, value] : res.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    if (res.close) MHD_add_response_header(response, "Connection", "close");
    MHD_queue_response(state.connection, static_cast<unsigned int>(res.status), response);
    MHD_destroy_response(response);
    state.server->observer_(state.request, res, framing);
  }

  // Framing, on the headers alone (see http_server.h). Returns false when the request may go on.
  static bool refuse_framing(State& state) {
    const HttpServerConfig& config = state.server->config_;
    const HttpRequest& req = state.request;
    const std::string& m = req.method;
    const bool carries_body = m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" || m == "PRI";
    int status = 0;
    const char* code = "bad_request";
    bool drain = false;
    if (req.has_header("Transfer-Encoding") || (carries_body && !req.has_header("Content-Length"))) {
      status = 411;
      code = "length_required";
    } else if (req.has_header("Content-Length")) {
      const std::string length = req.header("Content-Length");
      if (req.header_count("Content-Length") != 1 || length.empty() || length.size() > 18 ||
          length.find_first_not_of("0123456789") != std::string::npos) {
        status = 400;
      } else if (!carries_body && std::stoull(length) != 0) {
        status = 400;
      } else if (std::stoull(length) > config.max_body_bytes) {
        status = 413;
        code = "body_too_large";
        drain = std::stoull(length) <= config.drainable_body_bytes;
      }
    }
    if (status == 0) return false;
    state.server->set_answering(state.connection, true);  // refused on the headers: no deadline while answered
    state.response.status = status;
    state.response.set_header("Cache-Control", "no-store");
    state.response.set_content(json_error_body(code), "application/json");
    if (drain) {
      state.phase = State::Phase::kDiscarding;  // answered once the body is read
    } else {
      state.response.close = true;  // unread bytes must never be parsed as a next request
      send(state, true);
      state.phase = State::Phase::kDone;
    }
    return true;
  }

  static MHD_Result access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                           const char*, const char* upload_data, std::size_t* upload_data_size, void** req_cls) {
    auto* server = static_cast<HttpServer*>(cls);
    auto* state = static_cast<State*>(*req_cls);
    if (state == nullptr) {  // headers complete, no body byte read yet
      state = new State;
      state->server = server;
      state->connection = connection;
      state->request.method = method != nullptr ? method : "";
      state->request.path = url != nullptr ? url : "";
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      state->request.peer = numeric_address(info != nullptr ? info->client_addr : nullptr);
      MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &state->request);
      *req_cls = state;
      server->in_progress_.fetch_add(1);
      refuse_framing(*state);
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      // The declared length was checked: at most max_body_bytes arrive here (a discarded body is dropped).
      if (state->phase == State::Phase::kReceiving &&
          state->request.body.size() + *upload_data_size <= server->config_.max_body_bytes) {
        state->request.body.append(upload_data, *upload_data_size);
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    switch (state->phase.load()) {
      case State::Phase::kReceiving:
        server->set_answering(connection, true);  // complete: the deadline stops, the worker's time is ours
        state->phase = State::Phase::kQueued;
        MHD_suspend_connection(connection);  // resumed by the worker once the response is ready
        server->enqueue(state);
        return MHD_YES;
      case State::Phase::kDiscarding:
        state->phase = State::Phase::kDone;
        send(*state, true);
        return MHD_YES;
      case State::Phase::kQueued:
        return MHD_YES;
      case State::Phase::kDone:
        send(*state, false);
        return MHD_YES;
    }
    return MHD_NO;
  }

  static void completed(void* cls, MHD_Connection* connection, void** req_cls, MHD_RequestTerminationCode) {
    auto* server = static_cast<HttpServer*>(cls);
    server->set_answering(connection, false);  // the next request's deadline starts now
    auto* state = static_cast<State*>(*req_cls);
    if (state == nullptr) return;
    delete state;
    *req_cls = nullptr;
    if (server->in_progress_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(server->idle_mutex_);
      server->idle_cv_.notify_all();
    }
  }

  static MHD_Result accept_policy(void* cls, const sockaddr* address, socklen_t) {
    auto* server = static_cast<HttpServer*>(cls);
    const unsigned cap = server->config_.max_connections_per_address;
    std::lock_guard<std::mutex> lock(server->connections_mutex_);
    if (cap != 0) {
      const auto it = server->connections_by_address_.find(address_group(address));
      if (it != server->connections_by_address_.end() && it->second >= cap) {
        server->refused_per_address_.fetch_add(1);
        return MHD_NO;  // closed at once: the client's other connections are its share
      }
    }
    if (server->counted_connections_ < server->config_.max_connections) return MHD_YES;
    // Full: make room by cutting the connection that has waited longest for its request. Honest clients send
    // theirs within a round trip of connecting; whoever holds a connection without a complete request is the
    // one that can wait (or reconnect).
    HttpServer::OpenConnection* oldest = nullptr;
    for (auto& [handle, open] : server->connections_) {
      if (open.answering || open.cut) continue;
      if (oldest == nullptr || open.waiting_since < oldest->waiting_since) oldest = &open;
    }
    if (oldest == nullptr) {
      server->refused_full_.fetch_add(1);
      return MHD_NO;
    }
    server->cut(*oldest);
    server->evicted_when_full_.fetch_add(1);
    return MHD_YES;
  }

  static void notify_connection(void* cls, MHD_Connection* connection, void** socket_context,
                                MHD_ConnectionNotificationCode code) {
    auto* server = static_cast<HttpServer*>(cls);
    std::lock_guard<std::mutex> lock(server->connections_mutex_);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      HttpServer::OpenConnection& open = server->connections_[connection];
      open.group = address_group(info != nullptr ? info->client_addr : nullptr);
      const MHD_ConnectionInfo* fd = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      // A duplicate, closed only below: shutting it down can never hit a descriptor number libmicrohttpd has
      // closed and the kernel has handed to someone else meanwhile.
      open.socket = fd != nullptr ? ::fcntl(fd->connect_fd, F_DUPFD_CLOEXEC, 0) : -1;
      open.waiting_since = std::chrono::steady_clock::now();
      ++server->connections_by_address_[open.group];
      ++server->counted_connections_;
      *socket_context = connection;
      server->open_connections_.fetch_add(1);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != nullptr) {
      const auto found = server->connections_.find(connection);
      if (found != server->connections_.end()) {
        HttpServer::OpenConnection& open = found->second;
        const auto it = server->connections_by_address_.find(open.group);
        if (it != server->connections_by_address_.end() && --it->second == 0) server->connections_by_address_.erase(it);
        if (!open.cut) --server->counted_connections_;
        if (open.socket >= 0) ::close(open.socket);
        server->connections_.erase(found);
      }
      *socket_context = nullptr;
      server->open_connections_.fetch_sub(1);
    }
  }

  // libmicrohttpd's own messages can name client addresses: they are dropped (the access log is ours).
  static void log_nothing(void*, const char*, va_list) {}
};

HttpServer::HttpServer(HttpServerConfig config, Handler handler, Observer observer)
    : config_(std::move(config)), handler_(std::move(handler)), observer_(std::move(observer)) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* results = nullptr;
  const std::string port_text = std::to_string(config_.port);
  if (::getaddrinfo(config_.listen.c_str(), port_text.c_str(), &hints, &results) != 0 || results == nullptr) {
    throw std::runtime_error("cannot resolve --listen " + config_.listen);
  }
  sockaddr_storage address{};
  std::memcpy(&address, results->ai_addr, std::min<std::size_t>(results->ai_addrlen, sizeof address));
  ::freeaddrinfo(results);

  // Every connection is two descriptors (libmicrohttpd's and the deadline keeper's duplicate), and connections
  // cut to make room are still open until libmicrohttpd sees them close: make room (systemd's default hard limit
  // is far above it).
  const unsigned connection_limit = config_.max_connections + eviction_headroom(config_.max_connections);
  rlimit files{};
  const rlim_t needed = 2 * static_cast<rlim_t>(connection_limit) + 64;
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < needed) {
    files.rlim_cur = std::min(needed, files.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur < needed) {
      throw std::runtime_error("--max-connections " + std::to_string(config_.max_connections) +
                               " needs more open files than RLIMIT_NOFILE allows (" +
                               std::to_string(files.rlim_max) + ")");
    }
  }

  for (unsigned i = 0; i < config_.workers; ++i) workers_.emplace_back([this] { work(); });

  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  if (address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  daemon_ = MHD_start_daemon(
      flags, static_cast<std::uint16_t>(config_.port), &HttpServerCallbacks::accept_policy, this,
      &HttpServerCallbacks::access, this, MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address),
      MHD_OPTION_CONNECTION_LIMIT, connection_limit, MHD_OPTION_CONNECTION_TIMEOUT, config_.idle_timeout_s,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, config_.connection_memory_bytes, MHD_OPTION_NOTIFY_COMPLETED,
      &HttpServerCallbacks::completed, this, MHD_OPTION_NOTIFY_CONNECTION, &HttpServerCallbacks::notify_connection,
      this, MHD_OPTION_EXTERNAL_LOGGER, &HttpServerCallbacks::log_nothing, nullptr, MHD_OPTION_END);
  if (daemon_ == nullptr) {
    stop();
    throw std::runtime_error("cannot listen on " + config_.listen + ":" + port_text);
  }
  deadline_keeper_ = std::thread([this] { keep_deadlines(); });
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  return info != nullptr ? info->port : config_.port;
}

void HttpServer::cut(OpenConnection& connection) {
  if (connection.cut) return;
  connection.cut = true;
  --counted_connections_;
  // libmicrohttpd's next read sees the end of the stream and closes the connection in its own thread.
  if (connection.socket >= 0) ::shutdown(connection.socket, SHUT_RDWR);
}

void HttpServer::set_answering(MHD_Connection* connection, bool answering) {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  const auto found = connections_.find(connection);
  if (found == connections_.end()) return;
  found->second.answering = answering;
  if (!answering) found->second.waiting_since = std::chrono::steady_clock::now();
}

// Four times a second: every connection that has waited longer than request_timeout_s for a complete request
// is shut down, however steadily it trickles bytes.
void HttpServer::keep_deadlines() {
  const auto limit = std::chrono::seconds(config_.request_timeout_s);
  std::unique_lock<std::mutex> wait_lock(deadline_mutex_);
  while (!deadline_cv_.wait_for(wait_lock, std::chrono::milliseconds(250), [this] { return stopping_deadlines_; })) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(connections_mutex_);
    for (auto& [handle, open] : connections_) {
      if (open.answering || open.cut || now - open.waiting_since < limit) continue;
      cut(open);
      closed_at_deadline_.fetch_add(1);
    }
  }
}

void HttpServer::stop_accepting() {
  if (daemon_ == nullptr || listen_fd_closed_) return;
  const MHD_socket fd = MHD_quiesce_daemon(daemon_);
  if (fd != MHD_INVALID_SOCKET) ::close(fd);
  listen_fd_closed_ = 1;
}

bool HttpServer::wait_idle(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(idle_mutex_);
  return idle_cv_.wait_for(lock, limit, [this] { return in_progress_.load() == 0; });
}

void HttpServer::enqueue(RequestState* state) {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    queue_.push_back(state);
  }
  queue_cv_.notify_one();
}

void HttpServer::work() {
  for (;;) {
    RequestState* state = nullptr;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_workers_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      state = queue_.front();
      queue_.pop_front();
    }
    try {
      handler_(state->request, state->response);
    } catch (...) {
      state->response = HttpResponse{};
      state->response.status = 500;
      state->response.set_header("Cache-Control", "no-store");
      state->response.set_content(json_error_body("internal_error"), "application/json");
    }
    state->phase = RequestState::Phase::kDone;
    MHD_resume_connection(state->connection);
  }
}

void HttpServer::stop() {
  {
    std::lock_guard<std::mutex> lock(deadline_mutex_);
    stopping_deadlines_ = true;
  }
  deadline_cv_.notify_all();
  if (deadline_keeper_.joinable()) deadline_keeper_.join();
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stopping_workers_ = true;
  }
  queue_cv_.notify_all();
  for (auto& worker : workers_) worker.join();  // every queued request answered (resumed) first
  workers_.clear();
  if (daemon_ != nullptr) {
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
  }
}

}  // namespace breachcheck::cli
