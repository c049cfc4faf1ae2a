// SPDX-License-Identifier: MPL-2.0
// breachcheck serve: the hardened mode's evaluation server (docs/OPRF.md, "The evaluation request").
// One endpoint takes a blinded ristretto255 element and returns skS * element with a VOPRF proof. Stateless:
// run several instances behind a load balancer; the rate limits live in Redis and hold across all of them.
//
// What it never does: log a request body or a client address (the access log line is method, route and status),
// store a client address (rate-limit buckets are keyed by a keyed hash of it, and expire when idle),
// evaluate an element that is not canonical or is the identity, answer an origin that is not configured.
//
// HTTP: http_server.h (libmicrohttpd, event-driven: a client holding connections open holds no thread, and each
// address has a connection cap). Redis: rate_limiter.h over resp_client.h (AUTH, TLS). Around this file: the
// counters (serve_metrics), whom a rate limit applies to (client_address) and the process's life (serve_loop).
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_support.h"
#include "commands/commands.h"
#include "net/client_address.h"
#include "net/http_server.h"
#include "net/rate_limiter.h"
#include "net/resp_client.h"
#include "net/resp_tls.h"
#include "net/serve_loop.h"
#include "net/serve_metrics.h"
#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"

namespace breachcheck::cli {
namespace {

struct Options {
  std::string key_file;
  std::string listen = "127.0.0.1";
  int port = 8787;
  std::string path = "/v1/evaluate";
  std::vector<std::string> allow_origins;
  std::string redis;
  bool no_redis = false;
  std::string redis_prefix = "breachcheck:oprf:";
  int redis_timeout_ms = 250;
  std::string redis_auth_file;
  bool redis_tls = false;
  RedisTlsOptions redis_tls_options;
  double client_burst = 10;
  double client_per_minute = 10;
  double global_burst = 400;
  double global_per_second = 200;
  bool trust_proxy = false;
  int threads = 8;
  int shutdown_grace_ms = 1000;
  int max_connections = 1024;
  int max_connections_per_address = -1;  // -1: 16, or no cap with --trust-proxy (the peer is the proxy)
  int idle_timeout_s = 5;
  int request_timeout_s = 10;
  std::string metrics_listen = "127.0.0.1";
  int metrics_port = -1;  // -1: no metrics listener (and never /metrics on the main one)
};

int connections_per_address(const Options& o) {
  if (o.max_connections_per_address >= 0) return o.max_connections_per_address;
  return o.trust_proxy ? 0 : 16;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void json_error(HttpResponse& res, int status, const std::string& code) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content("{\"error\":\"" + code + "\"}", "application/json");
}

class EvaluationServer {
 public:
  EvaluationServer(const Options& options, const OprfKeyPair& keys, std::unique_ptr<RateLimiter> limiter)
      : options_(options),
        keys_(keys),
        limiter_(std::move(limiter)),
        origins_(options.allow_origins.begin(), options.allow_origins.end()) {
    static const char kLabel[] = "breachcheck:oprf-ratelimit-key:v1";
    crypto_generichash(rate_key_, sizeof rate_key_, reinterpret_cast<const std::uint8_t*>(kLabel), sizeof kLabel - 1,
                       keys_.secret_key.data(), keys_.secret_key.size());
    (void)sodium_mlock(rate_key_, sizeof rate_key_);
  }
  ~EvaluationServer() { sodium_munlock(rate_key_, sizeof rate_key_); }

  void begin_draining() { draining_.store(true); }
  void attach(const HttpServer* http) { http_ = http; }
  // The store's state as last seen (startup check, /healthz, evaluations); each change is one log line, so an
  // operator sees when and for how long checks failed closed (a wrong Redis password shows up here too).
  void store_known(bool up) { store_up_.store(up ? 1 : 0); }
  void store_seen(bool up) {
    if (store_up_.exchange(up ? 1 : 0) == (up ? 1 : 0)) return;
    std::lock_guard<std::mutex> lock(log_mutex_);
    std::cerr << (up ? "{\"event\":\"rate_limit_store\",\"up\":true}" : "{\"event\":\"rate_limit_store\",\"up\":false}")
              << "\n";
  }

  // Routes one complete request (a worker thread of HttpServer).
  void handle(const HttpRequest& req, HttpResponse& res) {
    if (req.path == options_.path) {
      if (req.method == "POST") return evaluate(req, res);
      if (req.method == "OPTIONS") return preflight(req, res);
      return method_not_allowed(res, "POST, OPTIONS");
    }
    // Liveness: the process answers HTTP through its worker pool, whatever Redis does (a probe on /healthz would
    // restart every instance while Redis is down, which fixes nothing).
    if (req.path == "/livez") {
      if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(res, "GET, HEAD");
      res.set_header("Cache-Control", "no-store");
      res.status = 200;
      res.set_content("ok\n", "text/plain");
      return;
    }
    if (req.path == "/healthz") {
      if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(res, "GET, HEAD");
      res.set_header("Cache-Control", "no-store");
      // Draining answers at once: no Redis round trip (a frozen Redis would hold the probe for the timeout).
      const bool ok = !draining_.load() && limiter_->healthy();
      if (!draining_.load()) store_seen(ok);
      res.status = ok ? 200 : 503;
      res.set_content(ok ? "ok\n" : (draining_.load() ? "draining\n" : "rate-limit store unavailable\n"),
                      "text/plain");
      return;
    }
    json_error(res, 404, "not_found");
  }

  // The metrics listener (--metrics-port): /metrics only. Never on the evaluation listener, which faces clients:
  // the counters tell an outsider how the rate limits and the store are doing.
  void handle_metrics(const HttpRequest& req, HttpResponse& res) {
    if (req.path != "/metrics") return json_error(res, 404, "not_found");
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(res, "GET, HEAD");
    res.set_header("Cache-Control", "no-store");
    res.status = 200;
    res.set_content(metrics_.prometheus(limiter_->healthy(), draining_.load(), http_), "text/plain; version=0.0.4");
  }

  // Every response, the HTTP layer's framing refusals included (`framing`).
  void observe(const HttpRequest& req, const HttpResponse& res, bool framing) {
    if (framing) metrics_.body_refused.fetch_add(1);
    log(req, res);
  }

 private:
  // Access log: method, route (only our own route names, never an attacker-chosen path), status.
  // Never the body, the query, a header or the client address.
  void log(const HttpRequest& req, const HttpResponse& res) {
    std::string route = "other";
    if (req.path == options_.path || req.path == "/healthz" || req.path == "/livez" || req.path == "/metrics") {
      route = req.path;
    }
    std::string method = req.method;
    if (method != "GET" && method != "POST" && method != "OPTIONS" && method != "HEAD") method = "OTHER";
    nlohmann::ordered_json line;
    line["method"] = method;
    line["route"] = route;
    line["status"] = res.status;
    std::lock_guard<std::mutex> lock(log_mutex_);
    std::cerr << line.dump() << "\n";
  }

  void method_not_allowed(HttpResponse& res, const char* allow) {
    metrics_.method_not_allowed.fetch_add(1);
    res.set_header("Allow", allow);
    json_error(res, 405, "method_not_allowed");
  }

  // CORS: answer only configured origins. A request without Origin (curl, monitoring) is not a browser one.
  bool origin_allowed(const HttpRequest& req, HttpResponse& res) {
    if (!req.has_header("Origin")) return true;
    const std::string origin = req.header("Origin");
    if (req.header_count("Origin") != 1 || origins_.count(origin) == 0) return false;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
    res.set_header("Access-Control-Expose-Headers", "Retry-After");
    return true;
  }

  void preflight(const HttpRequest& req, HttpResponse& res) {
    if (!req.has_header("Origin") || !origin_allowed(req, res)) {
      metrics_.origin_refused.fetch_add(1);
      res.status = 403;
      return;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Allow-Headers", "Content-Type");
    res.set_header("Access-Control-Max-Age", "86400");
  }

  void evaluate(const HttpRequest& req, HttpResponse& res) {
    const auto started = std::chrono::steady_clock::now();
    if (!origin_allowed(req, res)) {
      metrics_.origin_refused.fetch_add(1);
      json_error(res, 403, "origin_not_allowed");
      return;
    }
    if (draining_.load()) {
      metrics_.draining.fetch_add(1);
      res.set_header("Retry-After", "1");
      json_error(res, 503, "shutting_down");
      return;
    }
    // text/plain, with parameters or not (browsers send "text/plain;charset=UTF-8"); not "text/plainfoo".
    const std::string content_type = lower(trim_ows(req.header("Content-Type")));
    if (req.header_count("Content-Type") != 1 || content_type.compare(0, 10, "text/plain") != 0 ||
        (content_type.size() > 10 && content_type[10] != ';' && content_type[10] != ' ')) {
      metrics_.unsupported_media_type.fetch_add(1);
      json_error(res, 415, "unsupported_media_type");
      return;
    }
    // Validate before touching the shared store: garbage costs nothing but CPU here.
    const std::optional<OprfElement> blinded = parse_oprf_request(req.body);
    if (!blinded) {
      metrics_.invalid_element.fetch_add(1);
      json_error(res, 400, "invalid_element");
      return;
    }
    const RateDecision decision = limiter_->take(client_id(client_address(req, options_.trust_proxy), rate_key_));
    store_seen(decision.outcome != RateDecision::Outcome::kStoreUnavailable);
    if (decision.outcome == RateDecision::Outcome::kStoreUnavailable) {
      metrics_.store_unavailable.fetch_add(1);  // fail closed: no shared limit, no evaluation
      res.set_header("Retry-After", "5");
      json_error(res, 503, "unavailable");
      return;
    }
    if (decision.outcome != RateDecision::Outcome::kAllowed) {
      (decision.outcome == RateDecision::Outcome::kClientLimited ? metrics_.rate_limited_client
                                                                 : metrics_.rate_limited_global)
          .fetch_add(1);
      const std::int64_t seconds = std::max<std::int64_t>(1, (decision.retry_after_ms + 999) / 1000);
      res.status = 429;
      res.set_header("Retry-After", std::to_string(seconds));
      res.set_header("Cache-Control", "no-store");
      res.set_content("{\"error\":\"rate_limited\",\"retry_after\":" + std::to_string(seconds) + "}",
                      "application/json");
      return;
    }
    OprfEvaluation evaluation;
    const int rc = voprf_blind_evaluate(evaluation.evaluated_element.data(), evaluation.proof.data(),
                                        keys_.secret_key.data(), keys_.public_key.data(), blinded->data());
    if (rc != kOprfOk) {
      metrics_.invalid_element.fetch_add(1);
      json_error(res, 400, "invalid_element");
      return;
    }
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_content(oprf_encode_response(evaluation), "application/json");
    metrics_.evaluated.fetch_add(1);
    metrics_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  const Options& options_;
  const OprfKeyPair& keys_;
  std::unique_ptr<RateLimiter> limiter_;
  std::set<std::string> origins_;
  std::uint8_t rate_key_[crypto_generichash_KEYBYTES] = {};
  const HttpServer* http_ = nullptr;
  std::atomic<int> store_up_{1};
  ServeMetrics metrics_;
  std::atomic<bool> draining_{false};
  std::mutex log_mutex_;
};

void check_options(const Options& o) {
  if (o.key_file.empty()) throw UsageError("--key is required");
  if (!o.no_redis && o.redis.empty()) {
    throw UsageError("--redis HOST:PORT is required (or --no-redis for a single local instance)");
  }
  if (o.no_redis && !o.redis.empty()) throw UsageError("--redis and --no-redis are exclusive");
  if (o.no_redis && (!o.redis_auth_file.empty() || o.redis_tls)) {
    throw UsageError("--redis-auth-file and --redis-tls need --redis");
  }
  const RedisTlsOptions& tls = o.redis_tls_options;
  if (!o.redis_tls && (!tls.ca_file.empty() || !tls.cert_file.empty() || !tls.key_file.empty() ||
                       !tls.server_name.empty())) {
    throw UsageError("--redis-tls-ca, --redis-tls-cert, --redis-tls-key and --redis-tls-name need --redis-tls");
  }
  if (o.redis_tls && tls.ca_file.empty()) throw UsageError("--redis-tls needs --redis-tls-ca FILE");
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    throw UsageError("--redis-tls-cert and --redis-tls-key go together");
  }
  if (o.port < 0 || o.port > 65535) throw UsageError("--port out of range");
  if (o.path.empty() || o.path[0] != '/' || o.path == "/healthz" || o.path == "/livez" || o.path == "/metrics") {
    throw UsageError("--path must be an absolute path other than /healthz, /livez and /metrics");
  }
  for (const auto& origin : o.allow_origins) {
    const bool https = origin.rfind("https://", 0) == 0;
    const bool local = origin.rfind("http://127.0.0.1", 0) == 0 || origin.rfind("http://localhost", 0) == 0;
    if ((!https && !local) || origin.back() == '/' || origin.find_first_of(" ,*") != std::string::npos) {
      throw UsageError("--allow-origin takes exact origins such as https://www.example.fr (no path, no *)");
    }
  }
  auto positive = [](double v) { return std::isfinite(v) && v > 0 && v < 1e9; };
  if (!positive(o.client_burst) || !positive(o.client_per_minute) || !positive(o.global_burst) ||
      !positive(o.global_per_second) || o.client_burst < 1 || o.global_burst < 1) {
    throw UsageError("rate limits must be positive (bursts >= 1)");
  }
  if (o.threads < 1 || o.threads > 256) throw UsageError("--threads must be 1..256");
  if (o.redis_timeout_ms < 10 || o.redis_timeout_ms > 10000) throw UsageError("--redis-timeout-ms must be 10..10000");
  if (o.shutdown_grace_ms < 0 || o.shutdown_grace_ms > 60000) throw UsageError("--shutdown-grace-ms must be 0..60000");
  if (o.max_connections < 16 || o.max_connections > 1000000) throw UsageError("--max-connections must be 16..1000000");
  if (o.max_connections_per_address < -1 || o.max_connections_per_address > o.max_connections) {
    throw UsageError("--max-connections-per-address must be 0 (no cap) ..--max-connections");
  }
  if (o.idle_timeout_s < 1 || o.idle_timeout_s > 300) throw UsageError("--idle-timeout-s must be 1..300");
  if (o.request_timeout_s < 1 || o.request_timeout_s > 300) throw UsageError("--request-timeout-s must be 1..300");
  if (o.metrics_port < -1 || o.metrics_port > 65535) throw UsageError("--metrics-port out of range");
  if (o.metrics_port != -1 && o.metrics_port == o.port && o.port != 0 && o.metrics_listen == o.listen) {
    throw UsageError("--metrics-port must differ from --port");
  }
}

std::unique_ptr<RateLimiter> make_limiter(const Options& o, const RateLimits& limits) {
  if (o.no_redis) return make_local_rate_limiter(limits);
  RedisEndpoint endpoint;
  parse_redis_address(o.redis, endpoint.host, endpoint.port);
  endpoint.timeout_ms = o.redis_timeout_ms;
  if (!o.redis_auth_file.empty()) endpoint.credentials = read_redis_credentials(o.redis_auth_file);
  if (o.redis_tls) endpoint.tls = std::make_shared<RedisTlsContext>(o.redis_tls_options);
  return make_redis_rate_limiter(endpoint, o.redis_prefix, limits);
}

int run(const Options& o) {
  check_options(o);
  std::string key_text = read_file(o.key_file, 512);
  std::optional<OprfKeyPair> parsed = parse_oprf_secret_key_file(key_text);
  sodium_memzero(&key_text[0], key_text.size());
  if (!parsed) throw std::runtime_error(o.key_file + " is not a breachcheck OPRF secret key file");
  auto keys = std::make_unique<OprfKeyPair>(*parsed);
  parsed.reset();
  (void)sodium_mlock(keys->secret_key.data(), keys->secret_key.size());

  RateLimits limits;
  limits.client = {o.client_burst, o.client_per_minute / 60.0};
  limits.global = {o.global_burst, o.global_per_second};
  std::unique_ptr<RateLimiter> limiter = make_limiter(o, limits);
  // Redis down at start is not fatal: evaluations answer 503 (fail closed) until it answers, and every request
  // tries again, so a Redis restart or a boot-order race needs no restart of this process.
  const bool store_up = limiter->healthy();

  // Signals go to the run loop's sigwait; every thread started from here on inherits the blocked mask.
  block_termination_signals();

  EvaluationServer evaluation_server(o, *keys, std::move(limiter));
  evaluation_server.store_known(store_up);  // said once, in the startup line
  HttpServerConfig config;
  config.listen = o.listen;
  config.port = o.port;
  config.workers = static_cast<unsigned>(o.threads);
  config.max_connections = static_cast<unsigned>(o.max_connections);
  config.max_connections_per_address = static_cast<unsigned>(connections_per_address(o));
  config.idle_timeout_s = static_cast<unsigned>(o.idle_timeout_s);
  config.request_timeout_s = static_cast<unsigned>(o.request_timeout_s);
  config.max_body_bytes = kOprfMaxRequestBodyBytes;
  HttpServer http(
      config, [&](const HttpRequest& req, HttpResponse& res) { evaluation_server.handle(req, res); },
      [&](const HttpRequest& req, const HttpResponse& res, bool framing) {
        evaluation_server.observe(req, res, framing);
      });
  evaluation_server.attach(&http);

  // /metrics on its own listener, only when asked for (a private address for the monitoring host).
  std::unique_ptr<HttpServer> metrics_http;
  int metrics_port = -1;
  if (o.metrics_port >= 0) {
    HttpServerConfig metrics_config;
    metrics_config.listen = o.metrics_listen;
    metrics_config.port = o.metrics_port;
    metrics_config.workers = 1;
    metrics_config.max_connections = 16;
    metrics_config.max_connections_per_address = 0;
    metrics_config.idle_timeout_s = static_cast<unsigned>(o.idle_timeout_s);
    metrics_config.request_timeout_s = static_cast<unsigned>(o.request_timeout_s);
    metrics_config.max_body_bytes = 0;
    metrics_config.drainable_body_bytes = 0;
    metrics_http = std::make_unique<HttpServer>(
        metrics_config, [&](const HttpRequest& req, HttpResponse& res) { evaluation_server.handle_metrics(req, res); },
        [&](const HttpRequest& req, const HttpResponse& res, bool framing) {
          evaluation_server.observe(req, res, framing);
        });
    metrics_port = metrics_http->start();
  }

  ServeLoopSteps steps;
  steps.started = [&](int port) {
    nlohmann::ordered_json started;
    started["event"] = "listening";
    started["listen"] = o.listen;
    started["port"] = port;
    started["path"] = o.path;
    started["suite"] = kOprfSuiteId;
    started["mode"] = "voprf";
    started["publicKey"] = oprf_public_key_to_base64(keys->public_key);
    started["fingerprint"] = oprf_key_fingerprint(keys->public_key);
    started["rateLimitStore"] = o.no_redis ? "local" : (o.redis_tls ? "redis+tls" : "redis");
    started["rateLimitStoreUp"] = store_up;
    started["clientBurst"] = o.client_burst;
    started["clientPerMinute"] = o.client_per_minute;
    started["globalBurst"] = o.global_burst;
    started["globalPerSecond"] = o.global_per_second;
    started["maxConnections"] = o.max_connections;
    started["maxConnectionsPerAddress"] = connections_per_address(o);
    started["idleTimeoutSeconds"] = o.idle_timeout_s;
    started["requestTimeoutSeconds"] = o.request_timeout_s;
    if (metrics_port >= 0) {
      started["metricsListen"] = o.metrics_listen;
      started["metricsPort"] = metrics_port;
    }
    started["allowOrigins"] = o.allow_origins;
    std::cerr << started.dump() << std::endl;
  };
  steps.begin_draining = [&] { evaluation_server.begin_draining(); };
  steps.grace = std::chrono::milliseconds(o.shutdown_grace_ms);
  steps.finish_timeout = std::chrono::milliseconds(10000 + o.redis_timeout_ms);
  const bool drained = run_until_terminated(http, steps);
  if (metrics_http) metrics_http->stop();
  sodium_munlock(keys->secret_key.data(), keys->secret_key.size());
  std::cerr << (drained ? "{\"event\":\"stopped\"}" : "{\"event\":\"stopped\",\"unfinished\":true}") << std::endl;
  return 0;
}

}  // namespace

Command add_serve(CLI::App& app) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("serve", "Run the hardened mode's OPRF evaluation server (RFC 9497 VOPRF)");
  cmd->add_option("--key", opt->key_file, "OPRF secret key file (breachcheck-oprf-secret-key-v1)")->required();
  cmd->add_option("--listen", opt->listen,
                  "Address to listen on; default from $BREACHCHECK_LISTEN when set (the container image sets "
                  "0.0.0.0: a container's loopback is its own)")
      ->envname("BREACHCHECK_LISTEN")
      ->capture_default_str();
  cmd->add_option("--port", opt->port, "TCP port (0: any free port, printed at start)")->capture_default_str();
  cmd->add_option("--path", opt->path, "Evaluation endpoint path")->capture_default_str();
  cmd->add_option("--allow-origin", opt->allow_origins, "An embedding origin allowed by CORS (repeatable)");
  cmd->add_option("--redis", opt->redis, "Redis HOST:PORT holding the shared rate limits");
  cmd->add_flag("--no-redis", opt->no_redis, "Keep rate limits in memory (single instance only: development)");
  cmd->add_option("--redis-prefix", opt->redis_prefix, "Key prefix in Redis")->capture_default_str();
  cmd->add_option("--redis-timeout-ms", opt->redis_timeout_ms, "Redis I/O timeout")->capture_default_str();
  cmd->add_option("--redis-auth-file", opt->redis_auth_file,
                  "File (mode 600) with the Redis password, or an ACL user line then a password line");
  cmd->add_flag("--redis-tls", opt->redis_tls, "Connect to Redis over TLS (its tls-port)");
  cmd->add_option("--redis-tls-ca", opt->redis_tls_options.ca_file, "CA certificates (PEM) that signed Redis' certificate");
  cmd->add_option("--redis-tls-cert", opt->redis_tls_options.cert_file, "Client certificate (PEM) for tls-auth-clients");
  cmd->add_option("--redis-tls-key", opt->redis_tls_options.key_file, "Private key (PEM) of --redis-tls-cert");
  cmd->add_option("--redis-tls-name", opt->redis_tls_options.server_name,
                  "Name (or IP) Redis' certificate must carry (default: the --redis host)");
  cmd->add_option("--client-burst", opt->client_burst, "Per-client bucket size")->capture_default_str();
  cmd->add_option("--client-per-minute", opt->client_per_minute, "Per-client refill")->capture_default_str();
  cmd->add_option("--global-burst", opt->global_burst, "Global bucket size")->capture_default_str();
  cmd->add_option("--global-per-second", opt->global_per_second, "Global refill")->capture_default_str();
  cmd->add_flag("--trust-proxy", opt->trust_proxy,
                "Rate-limit by the last X-Forwarded-For address (only behind a reverse proxy that sets it)");
  cmd->add_option("--threads", opt->threads, "Worker threads (evaluations and Redis round trips)")
      ->capture_default_str();
  cmd->add_option("--max-connections", opt->max_connections, "Open connections at most")->capture_default_str();
  cmd->add_option("--max-connections-per-address", opt->max_connections_per_address,
                  "Open connections per client address (IPv6: per /64); 0: no cap. Default 16, or no cap with "
                  "--trust-proxy (every connection then comes from the proxy)");
  cmd->add_option("--idle-timeout-s", opt->idle_timeout_s,
                  "Close a connection after this long without a byte (idle keep-alive or a stalled request)")
      ->capture_default_str();
  cmd->add_option("--request-timeout-s", opt->request_timeout_s,
                  "Close a connection that has not sent a complete request (headers and body) this long after it "
                  "opened or after its previous response, however steadily it trickles bytes")
      ->capture_default_str();
  cmd->add_option("--metrics-port", opt->metrics_port,
                  "Serve /metrics (Prometheus) on this port of --metrics-listen (0: any free port, printed at "
                  "start); without it there is no /metrics at all");
  cmd->add_option("--metrics-listen", opt->metrics_listen, "Address of the /metrics listener (keep it private)")
      ->capture_default_str();
  cmd->add_option("--shutdown-grace-ms", opt->shutdown_grace_ms,
                  "After SIGTERM: time with /healthz at 503 before the listener closes")
      ->capture_default_str();
  return [opt]() { return run(*opt); };
}

}  // namespace breachcheck::cli
