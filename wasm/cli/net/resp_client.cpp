// SPDX-License-Identifier: MPL-2.0
#include "net/resp_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "net/resp_tls.h"

namespace breachcheck::cli {

namespace {
constexpr std::size_t kMaxCredentialFileBytes = 4096;

class PlainTransport final : public RespTransport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) {}
  long send_some(const char* data, std::size_t size) override { return ::send(fd_, data, size, MSG_NOSIGNAL); }
  long recv_some(char* data, std::size_t size) override { return ::recv(fd_, data, size, 0); }

 private:
  int fd_;
};

// Owns the socket under a transport: the transport goes first (a TLS close_notify needs the socket).
class Connection final : public RespTransport {
 public:
  Connection(int fd, std::unique_ptr<RespTransport> inner) : fd_(fd), inner_(std::move(inner)) {}
  ~Connection() override {
    inner_.reset();
    ::close(fd_);
  }
  long send_some(const char* data, std::size_t size) override { return inner_->send_some(data, size); }
  long recv_some(char* data, std::size_t size) override { return inner_->recv_some(data, size); }

 private:
  int fd_;
  std::unique_ptr<RespTransport> inner_;
};

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(&s[0], s.size());
  s.clear();
}
}  // namespace

RedisCredentials::~RedisCredentials() {
  wipe(user);
  wipe(password);
}

std::shared_ptr<const RedisCredentials> read_redis_credentials(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw std::runtime_error("--redis-auth-file: cannot read " + path);
  }
  // Owner only; or also the group when it is this process's own group (a Kubernetes Secret mounted with
  // fsGroup is mode 0440, group = the pod's group): anyone else who can read it could use Redis as us.
  const bool group_is_ours = info.st_gid == ::getegid();
  if ((info.st_mode & 007) != 0 || ((info.st_mode & 070) != 0 && !group_is_ours) || (info.st_mode & 020) != 0) {
    throw std::runtime_error("--redis-auth-file: " + path +
                             " is readable by group or others (chmod 600; 640 only for serve's own group)");
  }
  if (info.st_size > static_cast<off_t>(kMaxCredentialFileBytes)) {
    throw std::runtime_error("--redis-auth-file: " + path + " is too large for a user name and a password");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--redis-auth-file: cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto credentials = std::make_shared<RedisCredentials>();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  const auto newline = text.find('\n');
  if (newline == std::string::npos) {
    credentials->password = text;
  } else {
    credentials->user = text.substr(0, newline);
    credentials->password = text.substr(newline + 1);
    if (!credentials->user.empty() && credentials->user.back() == '\r') credentials->user.pop_back();
  }
  wipe(text);
  auto printable = [](const std::string& s) {
    for (unsigned char c : s) {
      if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
  };
  if (credentials->password.empty() || !printable(credentials->password) || !printable(credentials->user) ||
      (newline != std::string::npos && credentials->user.empty())) {
    throw std::runtime_error("--redis-auth-file: " + path +
                             " must hold one line (password) or two lines (user, password), no control characters");
  }
  return credentials;
}

void parse_redis_address(const std::string& text, std::string& host, std::uint16_t& port) {
  std::string rest = text;
  const std::string scheme = "redis://";
  if (rest.compare(0, scheme.size(), scheme) == 0) rest = rest.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty()) throw std::invalid_argument("empty Redis address");
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) {
    host = rest;
    port = 6379;
    return;
  }
  host = rest.substr(0, colon);
  const std::string port_text = rest.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);  // [::1]
  if (host.empty() || port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("Redis address must be host:port");
  }
  const unsigned long value = std::stoul(port_text);
  if (value == 0 || value > 65535) throw std::invalid_argument("Redis port out of range");
  port = static_cast<std::uint16_t>(value);
}

RespClient::RespClient(RedisEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

RespClient::~RespClient() { close_connection(); }

void RespClient::close_connection() {
  transport_.reset();
  reader_.clear();
}

bool RespClient::connect_if_needed() {
  if (transport_) return true;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  const std::string port_text = std::to_string(endpoint_.port);
  if (::getaddrinfo(endpoint_.host.c_str(), port_text.c_str(), &hints, &results) != 0) return false;
  timeval tv{};
  tv.tv_sec = endpoint_.timeout_ms / 1000;
  tv.tv_usec = static_cast<suseconds_t>((endpoint_.timeout_ms % 1000) * 1000);
  int connected = -1;
  for (addrinfo* ai = results; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // also bounds connect() on Linux
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      connected = fd;
      break;
    }
    ::close(fd);
  }
  ::freeaddrinfo(results);
  if (connected < 0) return false;
  std::unique_ptr<RespTransport> inner;
  if (endpoint_.tls) {
    inner = endpoint_.tls->connect(connected, endpoint_.host);
  } else {
    inner = std::make_unique<PlainTransport>(connected);
  }
  if (!inner) {
    ::close(connected);
    return false;
  }
  transport_ = std::make_unique<Connection>(connected, std::move(inner));
  if (!authenticate()) {
    close_connection();
    return false;
  }
  return true;
}

// AUTH on every new connection, before any command. A refusal (-WRONGPASS, -ERR ... no password is set) fails the
// connection: the caller sees the store as unavailable and answers 503, never evaluates unlimited.
bool RespClient::authenticate() {
  if (!endpoint_.credentials) return true;
  const RedisCredentials& c = *endpoint_.credentials;
  std::string request = c.user.empty() ? "*2\r\n" : "*3\r\n";
  request += "$4\r\nAUTH\r\n";
  if (!c.user.empty()) request += "$" + std::to_string(c.user.size()) + "\r\n" + c.user + "\r\n";
  request += "$" + std::to_string(c.password.size()) + "\r\n" + c.password + "\r\n";
  const bool sent = send_all(request);
  wipe(request);
  RespValue reply;
  return sent && reader_.read(reply) && reply.type == RespValue::Type::kSimple && reply.text == "OK";
}

bool RespClient::send_all(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const long n = transport_->send_some(bytes.data() + sent, bytes.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool RespClient::TransportSource::fill(std::string& buffer) {
  char chunk[4096];
  for (;;) {
    const long n = client_.transport_->recv_some(chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

bool RespClient::command(const std::vector<std::string>& args, RespValue& reply) {
  std::string request = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) request += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  // One retry on a fresh connection: a pooled connection may have been closed by Redis (timeout, restart).
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = !transport_;
    if (!connect_if_needed()) return false;
    if (send_all(request) && reader_.read(reply)) return true;
    close_connection();
    if (fresh) return false;  // a new connection failed too: Redis is down or too slow
  }
  return false;
}

}  // namespace breachcheck::cli
