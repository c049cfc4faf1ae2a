// SPDX-License-Identifier: MPL-2.0
#include "resp_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace breachcheck::cli {

namespace {
constexpr std::size_t kMaxBulkBytes = 1 << 20;  // replies we expect are tiny; refuse anything huge
constexpr std::size_t kMaxArrayElements = 1024;
constexpr std::size_t kMaxLineBytes = 64 * 1024;
constexpr int kMaxDepth = 4;
}  // namespace

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

RespClient::RespClient(std::string host, std::uint16_t port, int timeout_ms)
    : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}

RespClient::~RespClient() { close_connection(); }

void RespClient::close_connection() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

bool RespClient::connect_if_needed() {
  if (fd_ >= 0) return true;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  const std::string port_text = std::to_string(port_);
  if (::getaddrinfo(host_.c_str(), port_text.c_str(), &hints, &results) != 0) return false;
  timeval tv{};
  tv.tv_sec = timeout_ms_ / 1000;
  tv.tv_usec = static_cast<suseconds_t>((timeout_ms_ % 1000) * 1000);
  for (addrinfo* ai = results; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // also bounds connect() on Linux
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  ::freeaddrinfo(results);
  return fd_ >= 0;
}

bool RespClient::send_all(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool RespClient::read_line(std::string& line) {
  for (;;) {
    const auto pos = buffer_.find("\r\n");
    if (pos != std::string::npos) {
      line = buffer_.substr(0, pos);
      buffer_.erase(0, pos + 2);
      return true;
    }
    if (buffer_.size() > kMaxLineBytes) return false;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool RespClient::read_exact(std::size_t n, std::string& out) {
  while (buffer_.size() < n) {
    char chunk[4096];
    const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
  }
  out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

bool RespClient::read_value(RespValue& value, int depth) {
  if (depth > kMaxDepth) return false;
  std::string line;
  if (!read_line(line) || line.empty()) return false;
  const char kind = line[0];
  const std::string body = line.substr(1);
  auto parse_int = [](const std::string& s, std::int64_t& out) {
    if (s.empty() || s.size() > 20) return false;
    std::size_t i = (s[0] == '-') ? 1 : 0;
    if (i == s.size()) return false;
    std::int64_t v = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    out = (s[0] == '-') ? -v : v;
    return true;
  };
  value = RespValue{};
  switch (kind) {
    case '+':
      value.type = RespValue::Type::kSimple;
      value.text = body;
      return true;
    case '-':
      value.type = RespValue::Type::kError;
      value.text = body;
      return true;
    case ':':
      value.type = RespValue::Type::kInteger;
      return parse_int(body, value.integer);
    case '$': {
      std::int64_t n = 0;
      if (!parse_int(body, n)) return false;
      if (n == -1) return true;  // nil
      if (n < 0 || static_cast<std::size_t>(n) > kMaxBulkBytes) return false;
      std::string data;
      if (!read_exact(static_cast<std::size_t>(n) + 2, data)) return false;
      if (data.compare(static_cast<std::size_t>(n), 2, "\r\n") != 0) return false;
      value.type = RespValue::Type::kBulk;
      value.text = data.substr(0, static_cast<std::size_t>(n));
      return true;
    }
    case '*': {
      std::int64_t n = 0;
      if (!parse_int(body, n)) return false;
      if (n == -1) return true;  // nil array
      if (n < 0 || static_cast<std::size_t>(n) > kMaxArrayElements) return false;
      value.type = RespValue::Type::kArray;
      value.elements.resize(static_cast<std::size_t>(n));
      for (auto& element : value.elements) {
        if (!read_value(element, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

bool RespClient::command(const std::vector<std::string>& args, RespValue& reply) {
  std::string request = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) request += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  // One retry on a fresh connection: a pooled connection may have been closed by Redis (timeout, restart).
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = fd_ < 0;
    if (!connect_if_needed()) return false;
    if (send_all(request) && read_value(reply, 0)) return true;
    close_connection();
    if (fresh) return false;  // a new connection failed too: Redis is down or too slow
  }
  return false;
}

}  // namespace breachcheck::cli
