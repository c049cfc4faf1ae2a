// SPDX-License-Identifier: MPL-2.0
// Drives the evaluation server under test: the client side of the hardened mode's evaluation protocol
// (docs/OPRF.md section 4), for the server's test suite (tests/suites/oprf-server.sh) and its load test
// (tests/bench/oprf-load.sh). Native only: POSIX sockets for exact control of single requests, cpp-httplib's
// client for the load run.
//
//   oprf_server_driver blind INPUT_HEX
//       prints "BLIND_B64 BLINDED_B64" (the request body is BLINDED_B64); a fresh blind every call
//   oprf_server_driver finalize INPUT_HEX BLIND_B64 BLINDED_B64 PUB_FILE RESPONSE_FILE
//       verifies the proof against pkS (PUB_FILE: base64) and prints the 64-byte output as hex;
//       exit 3 when the proof or the evaluated element is refused, 2 when the response does not parse
//   oprf_server_driver evaluate KEY_FILE INPUT_HEX
//       the direct PRF output (what the builder computes), hex
//   oprf_server_driver http [-X METHOD] [-H "Name: value"]... [--body TEXT | --body-bytes N]
//                    [--content-length N | --no-content-length] [--bind ADDRESS] [-o PREFIX] URL
//       one request on a fresh connection ("Connection: close"), optionally from a chosen loopback source
//       address; prints the status code; with -o writes PREFIX.h (status line and headers) and PREFIX.b (body)
//   oprf_server_driver free-port
//       a TCP port free on 127.0.0.1 right now (for redis-server and nginx in the tests)
//   oprf_server_driver load --url URL [--url URL]... --connections N [--requests M] [--seconds S] --pubkey PUB_FILE
//                    [--key KEY_FILE] [--verify K] [--pool P] [--bodies-out FILE]
//       N keep-alive connections (connection i to URL i mod count), until M requests or S seconds. Blinded
//       elements are computed before the clock starts (a pool of P per connection, sent round robin), so the
//       client spends its CPU on HTTP only while timed; then K of the 200 responses (-1: all) are finalized
//       (proof verified against pkS) and, with --key, compared with the direct evaluation. One JSON line out.
#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "oprf/oprf.h"
#include "oprf/oprf_wire.h"

using namespace breachcheck;
using Clock = std::chrono::steady_clock;

namespace {

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Usage("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string b64(const std::uint8_t* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(&out[0], out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

template <std::size_t N>
std::array<std::uint8_t, N> unb64(const std::string& text) {
  std::array<std::uint8_t, N> out{};
  std::size_t written = 0;
  if (sodium_base642bin(out.data(), N, text.data(), text.size(), nullptr, &written, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      written != N) {
    throw Usage("not base64 of " + std::to_string(N) + " bytes: " + text);
  }
  return out;
}

std::string hex(const std::uint8_t* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(&out[0], out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::vector<std::uint8_t> unhex(const std::string& text) {
  std::vector<std::uint8_t> out(text.size() / 2 + 1);
  std::size_t written = 0;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, nullptr) != 0 ||
      written * 2 != text.size() || written == 0) {
    throw Usage("not hex: " + text);
  }
  out.resize(written);
  return out;
}

OprfPublicKey read_public_key(const std::string& path) {
  const auto key = parse_oprf_public_key(read_text(path));
  if (!key) throw Usage(path + " is not an OPRF public key");
  return *key;
}

OprfKeyPair read_key_pair(const std::string& path) {
  const auto pair = parse_oprf_secret_key_file(read_text(path));
  if (!pair) throw Usage(path + " is not an OPRF secret key file");
  return *pair;
}

int cmd_blind(const std::vector<std::string>& args) {
  if (args.size() != 1) throw Usage("blind INPUT_HEX");
  const auto input = unhex(args[0]);
  std::uint8_t blind[kOprfScalarBytes];
  std::uint8_t blinded[kOprfElementBytes];
  if (oprf_blind(blind, blinded, OprfMode::kVoprf, input.data(), input.size()) != kOprfOk) return 1;
  std::printf("%s %s\n", b64(blind, sizeof blind).c_str(), b64(blinded, sizeof blinded).c_str());
  return 0;
}

int cmd_finalize(const std::vector<std::string>& args) {
  if (args.size() != 5) throw Usage("finalize INPUT_HEX BLIND_B64 BLINDED_B64 PUB_FILE RESPONSE_FILE");
  const auto input = unhex(args[0]);
  const auto blind = unb64<kOprfScalarBytes>(args[1]);
  const auto blinded = unb64<kOprfElementBytes>(args[2]);
  const OprfPublicKey pk = read_public_key(args[3]);
  const auto response = parse_oprf_response(read_text(args[4]));
  if (!response) {
    std::fprintf(stderr, "finalize: the response does not parse\n");
    return 2;
  }
  std::uint8_t output[kOprfOutputBytes];
  const int rc = voprf_finalize(output, input.data(), input.size(), blind.data(), response->evaluated_element.data(),
                                blinded.data(), pk.data(), response->proof.data());
  if (rc != kOprfOk) {
    std::fprintf(stderr, "finalize: refused (%d)\n", rc);
    return 3;
  }
  std::printf("%s\n", hex(output, sizeof output).c_str());
  return 0;
}

int cmd_evaluate(const std::vector<std::string>& args) {
  if (args.size() != 2) throw Usage("evaluate KEY_FILE INPUT_HEX");
  const OprfKeyPair pair = read_key_pair(args[0]);
  const auto input = unhex(args[1]);
  std::uint8_t output[kOprfOutputBytes];
  if (oprf_evaluate(output, OprfMode::kVoprf, pair.secret_key.data(), input.data(), input.size()) != kOprfOk) return 1;
  std::printf("%s\n", hex(output, sizeof output).c_str());
  return 0;
}

struct Url {
  std::string host;
  int port = 80;
  std::string path = "/";
};

Url parse_url(const std::string& text) {
  const std::string scheme = "http://";
  if (text.compare(0, scheme.size(), scheme) != 0) throw Usage("only http:// URLs: " + text);
  Url url;
  std::string rest = text.substr(scheme.size());
  const auto slash = rest.find('/');
  if (slash != std::string::npos) {
    url.path = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    url.port = std::stoi(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  url.host = rest;
  return url;
}

// One request, raw, on a fresh connection closed by the server after the response.
int cmd_http(const std::vector<std::string>& args) {
  std::string method = "POST";
  std::vector<std::string> headers;
  std::optional<std::string> body;
  std::optional<std::string> content_length;
  std::string bind_address;
  std::string out_prefix;
  std::string url_text;
  int timeout_s = 15;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw Usage(args[i] + " needs a value");
      return args[++i];
    };
    const std::string& a = args[i];
    if (a == "-X") method = value();
    else if (a == "-H") headers.push_back(value());
    else if (a == "--body") body = value();
    else if (a == "--body-bytes") body = std::string(std::stoul(value()), 'A');
    else if (a == "--content-length") content_length = value();
    else if (a == "--no-content-length") content_length = std::string();
    else if (a == "--bind") bind_address = value();
    else if (a == "--timeout") timeout_s = std::stoi(value());
    else if (a == "-o") out_prefix = value();
    else if (!a.empty() && a[0] != '-' && url_text.empty()) url_text = a;
    else throw Usage("http: unexpected " + a);
  }
  if (url_text.empty()) throw Usage("http: URL required");
  const Url url = parse_url(url_text);

  std::string request = method + " " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port) +
                        "\r\nConnection: close\r\n";
  for (const auto& h : headers) request += h + "\r\n";
  if (content_length) {
    if (!content_length->empty()) request += "Content-Length: " + *content_length + "\r\n";
  } else if (body) {
    request += "Content-Length: " + std::to_string(body->size()) + "\r\n";
  }
  request += "\r\n";
  if (body) request += *body;

  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 1;
  timeval tv{};
  tv.tv_sec = timeout_s;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (!bind_address.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (inet_pton(AF_INET, bind_address.c_str(), &local.sin_addr) != 1) throw Usage("--bind takes an IPv4 address");
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      std::perror("bind");
      return 1;
    }
  }
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(url.port));
  if (inet_pton(AF_INET, url.host.c_str(), &remote.sin_addr) != 1) throw Usage("http: numeric IPv4 host only");
  if (::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    std::perror("connect");
    ::close(fd);
    std::printf("000\n");
    return 1;
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    response.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const auto head_end = response.find("\r\n\r\n");
  if (response.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos) {
    std::printf("000\n");
    return 1;
  }
  std::string head = response.substr(0, head_end);
  std::string rest = response.substr(head_end + 4);
  // Content-Length bodies only (what the servers here send); anything after it is ignored.
  std::string head_lower = head;
  std::transform(head_lower.begin(), head_lower.end(), head_lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto cl = head_lower.find("\r\ncontent-length:");
  if (cl != std::string::npos) {
    const std::size_t length = std::stoul(head.substr(cl + 17));
    if (rest.size() > length) rest.resize(length);
  }
  std::string head_lf;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\r' && i + 1 < head.size() && head[i + 1] == '\n') continue;
    head_lf += head[i];
  }
  if (!out_prefix.empty()) {
    std::ofstream(out_prefix + ".h", std::ios::binary) << head_lf << "\n";
    std::ofstream(out_prefix + ".b", std::ios::binary) << rest;
  }
  std::printf("%s\n", head.substr(9, 3).c_str());
  return 0;
}

int cmd_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof local;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) {
    return 1;
  }
  std::printf("%d\n", ntohs(local.sin_port));
  ::close(fd);
  return 0;
}

double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct PoolItem {
  std::array<std::uint8_t, 32> input{};
  std::array<std::uint8_t, kOprfScalarBytes> blind{};
  OprfElement blinded{};
  std::string body;
};

struct Sample {
  std::size_t item;
  std::string body;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i];
}

int cmd_load(const std::vector<std::string>& args) {
  std::vector<std::string> urls;
  int connections = 4;
  long long max_requests = 0;
  double seconds = 0;
  std::string pub_file, key_file, bodies_out;
  long long verify = 200;
  int pool_size = 64;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw Usage(args[i] + " needs a value");
      return args[++i];
    };
    const std::string& a = args[i];
    if (a == "--url") urls.push_back(value());
    else if (a == "--connections") connections = std::stoi(value());
    else if (a == "--requests") max_requests = std::stoll(value());
    else if (a == "--seconds") seconds = std::stod(value());
    else if (a == "--pubkey") pub_file = value();
    else if (a == "--key") key_file = value();
    else if (a == "--verify") verify = std::stoll(value());
    else if (a == "--pool") pool_size = std::stoi(value());
    else if (a == "--bodies-out") bodies_out = value();
    else throw Usage("load: unexpected " + a);
  }
  if (urls.empty() || pub_file.empty() || connections < 1 || pool_size < 1 || (max_requests <= 0 && seconds <= 0)) {
    throw Usage("load --url URL... --connections N (--requests M | --seconds S) --pubkey FILE");
  }
  const OprfPublicKey pk = read_public_key(pub_file);
  std::optional<OprfKeyPair> pair;
  if (!key_file.empty()) pair = read_key_pair(key_file);

  // Blinded elements first: the timed phase is HTTP only.
  std::vector<std::vector<PoolItem>> pools(static_cast<std::size_t>(connections));
  for (auto& pool : pools) {
    pool.resize(static_cast<std::size_t>(pool_size));
    for (auto& item : pool) {
      randombytes_buf(item.input.data(), item.input.size());
      if (oprf_blind(item.blind.data(), item.blinded.data(), OprfMode::kVoprf, item.input.data(), item.input.size()) !=
          kOprfOk) {
        return 1;
      }
      item.body = oprf_encode_request(item.blinded);
    }
  }
  if (!bodies_out.empty()) {
    std::ofstream out(bodies_out);
    for (const auto& pool : pools) {
      for (const auto& item : pool) out << item.body << "\n";
    }
  }

  std::atomic<long long> issued{0};
  const double cpu_start = cpu_seconds();
  const auto start = Clock::now();
  const auto deadline = seconds > 0 ? start + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(seconds))
                                    : Clock::time_point::max();
  struct PerThread {
    std::vector<double> latency_ms;  // of every completed request
    std::map<int, long long> statuses;
    long long errors = 0;
    std::vector<Sample> samples;  // 200 bodies kept for verification after the clock stops
    std::map<std::string, long long> retry_after;  // 429: "header/json" pairs seen, to check they agree
  };
  std::vector<PerThread> results(static_cast<std::size_t>(connections));
  const long long keep_per_thread = verify < 0 ? -1 : (verify + connections - 1) / connections;
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      const Url url = parse_url(urls[static_cast<std::size_t>(c) % urls.size()]);
      httplib::Client client(url.host, url.port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_connection_timeout(5, 0);
      client.set_read_timeout(15, 0);
      client.set_write_timeout(5, 0);
      PerThread& mine = results[static_cast<std::size_t>(c)];
      const auto& pool = pools[static_cast<std::size_t>(c)];
      std::size_t next = 0;
      for (;;) {
        if (Clock::now() >= deadline) break;
        if (max_requests > 0 && issued.fetch_add(1) >= max_requests) break;
        const PoolItem& item = pool[next];
        const auto t0 = Clock::now();
        auto res = client.Post(url.path.c_str(), item.body, "text/plain;charset=UTF-8");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!res) {
          ++mine.errors;
          continue;
        }
        mine.latency_ms.push_back(ms);
        ++mine.statuses[res->status];
        if (res->status == 200 &&
            (keep_per_thread < 0 || static_cast<long long>(mine.samples.size()) < keep_per_thread)) {
          mine.samples.push_back({next, res->body});
        } else if (res->status == 429) {
          std::string key = res->get_header_value("Retry-After") + "/";
          try {
            key += std::to_string(nlohmann::json::parse(res->body).at("retry_after").get<long long>());
          } catch (...) {
            key += "?";
          }
          ++mine.retry_after[key];
        }
        next = (next + 1) % pool.size();
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const double client_cpu = cpu_seconds() - cpu_start;

  std::vector<double> latencies;
  std::map<int, long long> statuses;
  std::map<std::string, long long> retry_after;
  long long errors = 0;
  for (const auto& r : results) {
    latencies.insert(latencies.end(), r.latency_ms.begin(), r.latency_ms.end());
    for (const auto& [s, n] : r.statuses) statuses[s] += n;
    for (const auto& [s, n] : r.retry_after) retry_after[s] += n;
    errors += r.errors;
  }
  std::sort(latencies.begin(), latencies.end());

  long long verified = 0, verify_failures = 0, mismatches = 0;
  for (std::size_t c = 0; c < results.size(); ++c) {
    for (const auto& sample : results[c].samples) {
      const PoolItem& item = pools[c][sample.item];
      const auto response = parse_oprf_response(sample.body);
      std::uint8_t output[kOprfOutputBytes];
      if (!response || voprf_finalize(output, item.input.data(), item.input.size(), item.blind.data(),
                                      response->evaluated_element.data(), item.blinded.data(), pk.data(),
                                      response->proof.data()) != kOprfOk) {
        ++verify_failures;
        continue;
      }
      ++verified;
      if (pair) {
        std::uint8_t direct[kOprfOutputBytes];
        if (oprf_evaluate(direct, OprfMode::kVoprf, pair->secret_key.data(), item.input.data(), item.input.size()) != kOprfOk ||
            sodium_memcmp(direct, output, sizeof output) != 0) {
          ++mismatches;
        }
      }
    }
  }

  nlohmann::ordered_json out;
  const long long completed = static_cast<long long>(latencies.size());
  out["urls"] = urls.size();
  out["connections"] = connections;
  out["requests"] = completed;
  out["errors"] = errors;
  nlohmann::ordered_json by_status = nlohmann::ordered_json::object();
  for (const auto& [s, n] : statuses) by_status[std::to_string(s)] = n;
  out["statuses"] = by_status;
  out["ok"] = statuses.count(200) ? statuses[200] : 0;
  out["rateLimited"] = statuses.count(429) ? statuses[429] : 0;
  out["seconds"] = elapsed;
  out["requestsPerSecond"] = static_cast<double>(completed) / elapsed;
  out["evaluationsPerSecond"] = static_cast<double>(out["ok"].get<long long>()) / elapsed;
  out["p50Ms"] = percentile(latencies, 0.50);
  out["p99Ms"] = percentile(latencies, 0.99);
  out["maxMs"] = latencies.empty() ? 0 : latencies.back();
  out["clientCpuSeconds"] = client_cpu;  // this process, timed phase only (HTTP; blinding was done before)
  out["verified"] = verified;
  out["verifyFailures"] = verify_failures;
  out["mismatches"] = pair ? nlohmann::ordered_json(mismatches) : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json ra = nlohmann::ordered_json::object();
  for (const auto& [s, n] : retry_after) ra[s] = n;
  out["retryAfter"] = ra;  // "header/json" -> count, over the 429 responses
  std::printf("%s\n", out.dump().c_str());
  return errors == 0 && verify_failures == 0 && mismatches == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fprintf(stderr, "usage: oprf_server_driver blind|finalize|evaluate|http|load|free-port ... (see the source's header)\n");
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "blind") return cmd_blind(args);
    if (command == "finalize") return cmd_finalize(args);
    if (command == "evaluate") return cmd_evaluate(args);
    if (command == "http") return cmd_http(args);
    if (command == "load") return cmd_load(args);
    if (command == "free-port") return cmd_free_port();
    throw Usage("unknown command " + command);
  } catch (const Usage& e) {
    std::fprintf(stderr, "oprf_server_driver: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "oprf_server_driver: %s\n", e.what());
    return 2;
  }
}
