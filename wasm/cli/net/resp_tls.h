// SPDX-License-Identifier: MPL-2.0
// TLS for the Redis connection (redis-server 7 built with TLS, as Debian's is: tls-port, tls-cert-file ...).
// OpenSSL: the server certificate is verified against a CA file and the host name (or IP address) the client was
// given, TLS 1.2 at least; optionally a client certificate for Redis' tls-auth-clients.
#pragma once

#include <memory>
#include <string>

#include "net/resp_client.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace breachcheck::cli {

struct RedisTlsOptions {
  std::string ca_file;      // required: the CA that signed Redis' certificate
  std::string cert_file;    // optional client certificate (PEM chain)
  std::string key_file;     // its private key (PEM), required with cert_file
  std::string server_name;  // name or IP address to verify; empty: the host from --redis
};

class RedisTlsContext {
 public:
  // Throws std::runtime_error when a file cannot be loaded.
  explicit RedisTlsContext(const RedisTlsOptions& options);
  ~RedisTlsContext();
  RedisTlsContext(const RedisTlsContext&) = delete;
  RedisTlsContext& operator=(const RedisTlsContext&) = delete;

  // Runs the handshake on a connected socket (which stays owned by the caller) and checks the certificate;
  // nullptr on any failure.
  std::unique_ptr<RespTransport> connect(int fd, const std::string& host);

 private:
  SSL_CTX* ctx_ = nullptr;
  std::string server_name_;
};

}  // namespace breachcheck::cli
