// SPDX-License-Identifier: MPL-2.0
// Token-bucket rate limits for the evaluation server: one bucket per client and one global bucket, both checked
// and debited together. RedisRateLimiter keeps the buckets in Redis (an atomic Lua script using Redis' clock), so
// the limits hold across every instance behind the load balancer; LocalRateLimiter keeps them in process memory
// (one instance only: development, tests). Client ids are pseudonymised before they are stored (see serve.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "net/resp_client.h"

namespace breachcheck::cli {

struct BucketConfig {
  double capacity = 1;        // burst, tokens
  double refill_per_sec = 1;  // sustained rate, tokens per second
};

struct RateLimits {
  BucketConfig client;
  BucketConfig global;
};

struct RateDecision {
  enum class Outcome { kAllowed, kClientLimited, kGlobalLimited, kStoreUnavailable };
  Outcome outcome = Outcome::kStoreUnavailable;
  std::int64_t retry_after_ms = 0;  // when limited: time until one token is available in every limiting bucket
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token from the client's bucket and the global bucket, or none if either is empty.
  virtual RateDecision take(const std::string& client_id) = 0;
  // True when the backing store answers (health check).
  virtual bool healthy() = 0;
};

// `redis`: where and how to connect (each server thread opens its own connection); `prefix` namespaces the keys
// (several services can share one Redis).
std::unique_ptr<RateLimiter> make_redis_rate_limiter(const RedisEndpoint& redis, const std::string& prefix,
                                                     const RateLimits& limits);
std::unique_ptr<RateLimiter> make_local_rate_limiter(const RateLimits& limits);

// The Lua script (exposed for documentation and tests).
extern const char kTokenBucketScript[];

}  // namespace breachcheck::cli
