// SPDX-License-Identifier: MPL-2.0
#include "net/resp_tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace breachcheck::cli {

namespace {

class TlsTransport final : public RespTransport {
 public:
  explicit TlsTransport(SSL* ssl) : ssl_(ssl) {}
  ~TlsTransport() override {
    SSL_shutdown(ssl_);  // best effort close_notify; the socket is closed by the owner afterwards
    SSL_free(ssl_);
  }
  long send_some(const char* data, std::size_t size) override {
    std::size_t written = 0;
    if (SSL_write_ex(ssl_, data, size, &written) == 1) return static_cast<long>(written);
    ERR_clear_error();
    return -1;
  }
  long recv_some(char* data, std::size_t size) override {
    std::size_t got = 0;
    if (SSL_read_ex(ssl_, data, size, &got) == 1) return static_cast<long>(got);
    const bool closed = SSL_get_error(ssl_, 0) == SSL_ERROR_ZERO_RETURN;
    ERR_clear_error();
    return closed ? 0 : -1;
  }

 private:
  SSL* ssl_;
};

bool is_ip_address(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

RedisTlsContext::RedisTlsContext(const RedisTlsOptions& options) : server_name_(options.server_name) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) throw std::runtime_error("TLS: cannot create an OpenSSL context");
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_mode(ctx_, SSL_MODE_AUTO_RETRY);
  if (options.ca_file.empty() || SSL_CTX_load_verify_locations(ctx_, options.ca_file.c_str(), nullptr) != 1) {
    SSL_CTX_free(ctx_);
    throw std::runtime_error("--redis-tls-ca: cannot load CA certificates from '" + options.ca_file + "'");
  }
  if (!options.cert_file.empty() || !options.key_file.empty()) {
    if (options.cert_file.empty() || options.key_file.empty() ||
        SSL_CTX_use_certificate_chain_file(ctx_, options.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx_, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx_) != 1) {
      SSL_CTX_free(ctx_);
      throw std::runtime_error("--redis-tls-cert/--redis-tls-key: cannot load a matching certificate and key");
    }
  }
  ERR_clear_error();
}

RedisTlsContext::~RedisTlsContext() { SSL_CTX_free(ctx_); }

std::unique_ptr<RespTransport> RedisTlsContext::connect(int fd, const std::string& host) {
  const std::string name = server_name_.empty() ? host : server_name_;
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) return nullptr;
  bool ok = SSL_set_fd(ssl, fd) == 1;
  if (ok && is_ip_address(name)) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str()) == 1;
  } else if (ok) {
    ok = SSL_set_tlsext_host_name(ssl, name.c_str()) == 1 && SSL_set1_host(ssl, name.c_str()) == 1;
  }
  // SSL_VERIFY_PEER: the handshake fails unless the chain reaches the CA and the name or address matches.
  ok = ok && SSL_connect(ssl) == 1 && SSL_get_verify_result(ssl) == X509_V_OK;
  if (!ok) {
    SSL_free(ssl);
    ERR_clear_error();  // OpenSSL's error queue is per thread: leave it empty for the next connection
    return nullptr;
  }
  return std::make_unique<TlsTransport>(ssl);
}

}  // namespace breachcheck::cli
