// SPDX-License-Identifier: MPL-2.0
#include "net/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "net/resp_client.h"

namespace breachcheck::cli {

// KEYS[1] = global bucket, KEYS[2] = client bucket.
// ARGV = global capacity, global refill/s, client capacity, client refill/s.
// Returns {allowed (0/1), retry_after_ms, limiting scope (0 none, 1 client, 2 global)}.
// Buckets are hashes {t = tokens, ts = last update in ms of Redis' own clock}; they expire once idle long enough
// to be full again, so nothing about a client outlives its bucket. Nothing is written unless the request is
// allowed: a refused request leaves no trace (no key for a client the global limit turned away), and a bucket's
// level is a function of its last debit and the clock, so skipping the write loses nothing.
const char kTokenBucketScript[] = R"lua(
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local function level(key, capacity, rate)
  local v = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(v[1])
  local ts = tonumber(v[2])
  if tokens == nil or ts == nil then return capacity end
  if now > ts then tokens = math.min(capacity, tokens + (now - ts) * rate / 1000) end
  return tokens
end
local function wait_ms(tokens, rate)
  if tokens >= 1 then return 0 end
  return math.ceil((1 - tokens) * 1000 / rate)
end
local gcap, grate = tonumber(ARGV[1]), tonumber(ARGV[2])
local ccap, crate = tonumber(ARGV[3]), tonumber(ARGV[4])
local g = level(KEYS[1], gcap, grate)
local c = level(KEYS[2], ccap, crate)
local gwait, cwait = wait_ms(g, grate), wait_ms(c, crate)
if gwait > 0 or cwait > 0 then
  local scope = 2
  if cwait > 0 then scope = 1 end
  return {0, math.max(gwait, cwait), scope}
end
redis.call('HSET', KEYS[1], 't', tostring(g - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(gcap * 1000 / grate) + 1000)
redis.call('HSET', KEYS[2], 't', tostring(c - 1), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[2], math.ceil(ccap * 1000 / crate) + 1000)
return {1, 0, 0}
)lua";

namespace {

// Full precision: "%.6f" turned a refill under 1e-6 token/s (--client-per-minute below 0.00006) into "0.000000",
// a division by zero in the script.
std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

class RedisRateLimiter final : public RateLimiter {
 public:
  RedisRateLimiter(RedisEndpoint redis, std::string prefix, const RateLimits& limits)
      : redis_(std::move(redis)), prefix_(std::move(prefix)), limits_(limits) {}

  RateDecision take(const std::string& client_id) override {
    RespValue reply;
    const bool ok = client().command({"EVAL", kTokenBucketScript, "2", prefix_ + "global", prefix_ + "c:" + client_id,
                                      number(limits_.global.capacity), number(limits_.global.refill_per_sec),
                                      number(limits_.client.capacity), number(limits_.client.refill_per_sec)},
                                     reply);
    RateDecision decision;
    if (!ok || reply.type != RespValue::Type::kArray || reply.elements.size() != 3) return decision;
    for (const auto& e : reply.elements) {
      if (e.type != RespValue::Type::kInteger) return decision;
    }
    const std::int64_t allowed = reply.elements[0].integer;
    decision.retry_after_ms = std::max<std::int64_t>(0, reply.elements[1].integer);
    const std::int64_t scope = reply.elements[2].integer;
    if (allowed == 1) {
      decision.outcome = RateDecision::Outcome::kAllowed;
    } else if (scope == 1) {
      decision.outcome = RateDecision::Outcome::kClientLimited;
    } else {
      decision.outcome = RateDecision::Outcome::kGlobalLimited;
    }
    return decision;
  }

  bool healthy() override {
    RespValue reply;
    return client().command({"PING"}, reply) && reply.type == RespValue::Type::kSimple && reply.text == "PONG";
  }

 private:
  // One connection per server thread: no locking on the request path.
  RespClient& client() {
    thread_local std::map<const RedisRateLimiter*, std::unique_ptr<RespClient>> clients;
    auto& slot = clients[this];
    if (!slot) slot = std::make_unique<RespClient>(redis_);
    return *slot;
  }

  RedisEndpoint redis_;
  std::string prefix_;
  RateLimits limits_;
};

class LocalRateLimiter final : public RateLimiter {
 public:
  explicit LocalRateLimiter(const RateLimits& limits) : limits_(limits) {}

  RateDecision take(const std::string& client_id) override {
    const double now = seconds_now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (clients_.size() > kMaxTrackedClients) sweep(now);
    // A client seen for the first time is only remembered once it is allowed (as in the Redis script).
    const auto known = clients_.find(client_id);
    Bucket c = known != clients_.end() ? known->second : Bucket{limits_.client.capacity, now};
    refill(global_, limits_.global, now);
    refill(c, limits_.client, now);
    const std::int64_t gwait = wait_ms(global_, limits_.global);
    const std::int64_t cwait = wait_ms(c, limits_.client);
    RateDecision decision;
    decision.retry_after_ms = std::max(gwait, cwait);
    if (gwait == 0 && cwait == 0) {
      global_.tokens -= 1;
      c.tokens -= 1;
      clients_[client_id] = c;
      decision.outcome = RateDecision::Outcome::kAllowed;
    } else {
      decision.outcome = cwait > 0 ? RateDecision::Outcome::kClientLimited : RateDecision::Outcome::kGlobalLimited;
    }
    return decision;
  }

  bool healthy() override { return true; }

 private:
  struct Bucket {
    double tokens;
    double updated;  // seconds
  };
  static constexpr std::size_t kMaxTrackedClients = 100000;

  static double seconds_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  static void refill(Bucket& b, const BucketConfig& config, double now) {
    if (now > b.updated) b.tokens = std::min(config.capacity, b.tokens + (now - b.updated) * config.refill_per_sec);
    b.updated = now;
  }
  static std::int64_t wait_ms(const Bucket& b, const BucketConfig& config) {
    if (b.tokens >= 1) return 0;
    return static_cast<std::int64_t>(std::ceil((1 - b.tokens) * 1000 / config.refill_per_sec));
  }
  void sweep(double now) {  // forget clients whose bucket is full again (they would start full anyway)
    for (auto it = clients_.begin(); it != clients_.end();) {
      refill(it->second, limits_.client, now);
      it = it->second.tokens >= limits_.client.capacity ? clients_.erase(it) : std::next(it);
    }
  }

  RateLimits limits_;
  std::mutex mutex_;
  Bucket global_{limits_.global.capacity, seconds_now()};
  std::map<std::string, Bucket> clients_;
};

}  // namespace

std::unique_ptr<RateLimiter> make_redis_rate_limiter(const RedisEndpoint& redis, const std::string& prefix,
                                                     const RateLimits& limits) {
  return std::make_unique<RedisRateLimiter>(redis, prefix, limits);
}

std::unique_ptr<RateLimiter> make_local_rate_limiter(const RateLimits& limits) {
  return std::make_unique<LocalRateLimiter>(limits);
}

}  // namespace breachcheck::cli
