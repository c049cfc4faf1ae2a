// SPDX-License-Identifier: MPL-2.0
// A minimal Redis client: RESP2 (replies parsed by resp_reader.h) over one blocking TCP connection with
// send/receive timeouts. Enough for the
// evaluation server's shared rate limits (EVAL, PING); POSIX sockets, plus OpenSSL when TLS is asked for. Not
// thread-safe: use one client per thread. Any I/O, protocol or AUTH error closes the connection; the next command
// reconnects.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/resp_reader.h"

namespace breachcheck::cli {

// AUTH credentials, wiped when the last connection using them goes away. An empty user means Redis' `default`
// user (`requirepass`), i.e. "AUTH password"; otherwise "AUTH user password" (an ACL user).
struct RedisCredentials {
  std::string user;
  std::string password;
  RedisCredentials() = default;
  RedisCredentials(const RedisCredentials&) = delete;
  RedisCredentials& operator=(const RedisCredentials&) = delete;
  ~RedisCredentials();
};

// Reads credentials from a file: one line "PASSWORD", or two lines "USER" then "PASSWORD" (a final newline is
// ignored). Refuses a file readable by group or others, an empty password and control characters. Throws
// std::runtime_error with a message that never contains the file's content.
std::shared_ptr<const RedisCredentials> read_redis_credentials(const std::string& path);

// One connection's byte stream: a plain socket, or a TLS session over it (resp_tls.h). Both block, bounded by the
// socket's send and receive timeouts. Return what send(2)/recv(2) would: > 0 bytes, 0 at end of stream, < 0 error.
class RespTransport {
 public:
  virtual ~RespTransport() = default;
  virtual long send_some(const char* data, std::size_t size) = 0;
  virtual long recv_some(char* data, std::size_t size) = 0;
};

class RedisTlsContext;  // resp_tls.h

struct RedisEndpoint {
  std::string host;
  std::uint16_t port = 6379;
  int timeout_ms = 250;
  std::shared_ptr<const RedisCredentials> credentials;  // null: no AUTH
  std::shared_ptr<RedisTlsContext> tls;                 // null: plain TCP
};

class RespClient {
 public:
  explicit RespClient(RedisEndpoint endpoint);
  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  // Sends one command (an array of bulk strings) and reads one reply. False on connection, timeout, AUTH or
  // protocol errors (the reply is then unspecified); a Redis error reply is a successful call with Type::kError.
  bool command(const std::vector<std::string>& args, RespValue& reply);

 private:
  // The reader's bytes: one recv from the current transport.
  class TransportSource final : public RespByteSource {
   public:
    explicit TransportSource(RespClient& client) : client_(client) {}
    bool fill(std::string& buffer) override;

   private:
    RespClient& client_;
  };

  bool connect_if_needed();
  bool authenticate();
  void close_connection();
  bool send_all(const std::string& bytes);

  RedisEndpoint endpoint_;
  std::unique_ptr<RespTransport> transport_;
  TransportSource source_{*this};
  RespReader reader_{source_};
};

// "host:port" (default port 6379) or "redis://host:port". Throws std::invalid_argument.
void parse_redis_address(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace breachcheck::cli
