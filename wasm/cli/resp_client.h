// SPDX-License-Identifier: MPL-2.0
// A minimal Redis client: RESP2 over one blocking TCP connection with send/receive timeouts. Enough for the
// evaluation server's shared rate limits (EVAL, PING); no dependency beyond POSIX sockets. Not thread-safe: use
// one client per thread. Any I/O or protocol error closes the connection; the next command reconnects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace breachcheck::cli {

struct RespValue {
  enum class Type { kNil, kSimple, kError, kInteger, kBulk, kArray };
  Type type = Type::kNil;
  std::string text;  // simple string, error message, bulk string
  std::int64_t integer = 0;
  std::vector<RespValue> elements;  // array
};

class RespClient {
 public:
  RespClient(std::string host, std::uint16_t port, int timeout_ms);
  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  // Sends one command (an array of bulk strings) and reads one reply. False on connection, timeout or protocol
  // errors (the reply is then unspecified); a Redis error reply is a successful call with Type::kError.
  bool command(const std::vector<std::string>& args, RespValue& reply);

 private:
  bool connect_if_needed();
  void close_connection();
  bool send_all(const std::string& bytes);
  bool read_line(std::string& line);
  bool read_exact(std::size_t n, std::string& out);
  bool read_value(RespValue& value, int depth);

  std::string host_;
  std::uint16_t port_;
  int timeout_ms_;
  int fd_ = -1;
  std::string buffer_;  // received, not yet consumed
};

// "host:port" (default port 6379) or "redis://host:port". Throws std::invalid_argument.
void parse_redis_address(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace breachcheck::cli
