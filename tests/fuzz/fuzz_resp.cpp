// SPDX-License-Identifier: MPL-2.0
// Target: the Redis client's RESP2 reply parser (wasm/cli/net/resp_reader.h), which reads what a Redis server
// (or anything answering on its port) sends to `breachcheck serve`. The input is a byte stream of replies; its
// first byte picks how the stream is cut into reads (1 byte at a time up to 64), so lines and bulk strings
// arriving in pieces are exercised as well as whole replies.
// Properties: no crash, leak or UB; every accepted reply stays within the bounds (bulk <= 1 MiB, arrays <= 1,024
// elements, nesting <= 4, <= 2 MiB consumed); integers are exactly the decimal text read; a reply re-encoded in
// canonical RESP parses back to the same value; the same stream read in one piece gives the same replies
// (cutting never changes a reply, only when the source ends).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/resp_reader.h"

using breachcheck::cli::RespByteSource;
using breachcheck::cli::RespReader;
using breachcheck::cli::RespValue;

namespace {

[[noreturn]] void property_failed(const char* what, int line) {
  std::fprintf(stderr, "PROPERTY FAILED: %s (fuzz_resp.cpp:%d)\n", what, line);
  std::abort();
}
#define FUZZ_ASSERT(cond)                        \
  do {                                           \
    if (!(cond)) property_failed(#cond, __LINE__); \
  } while (0)

// Hands out the input `chunk` bytes per fill, then reports the end of the stream.
class ChunkedSource final : public RespByteSource {
 public:
  ChunkedSource(std::string_view data, std::size_t chunk) : data_(data), chunk_(chunk) {}
  bool fill(std::string& buffer) override {
    if (offset_ >= data_.size()) return false;
    const std::size_t n = std::min(chunk_, data_.size() - offset_);
    buffer.append(data_.data() + offset_, n);
    offset_ += n;
    return true;
  }

 private:
  std::string_view data_;
  std::size_t chunk_;
  std::size_t offset_ = 0;
};

void encode(const RespValue& v, std::string& out) {
  switch (v.type) {
    case RespValue::Type::kNil:
      out += "$-1\r\n";
      return;
    case RespValue::Type::kSimple:
      out += "+" + v.text + "\r\n";
      return;
    case RespValue::Type::kError:
      out += "-" + v.text + "\r\n";
      return;
    case RespValue::Type::kInteger:
      out += ":" + std::to_string(v.integer) + "\r\n";
      return;
    case RespValue::Type::kBulk:
      out += "$" + std::to_string(v.text.size()) + "\r\n" + v.text + "\r\n";
      return;
    case RespValue::Type::kArray:
      out += "*" + std::to_string(v.elements.size()) + "\r\n";
      for (const auto& e : v.elements) encode(e, out);
      return;
  }
}

bool same(const RespValue& a, const RespValue& b) {
  if (a.type != b.type || a.text != b.text || a.integer != b.integer || a.elements.size() != b.elements.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.elements.size(); ++i) {
    if (!same(a.elements[i], b.elements[i])) return false;
  }
  return true;
}

void check_bounds(const RespValue& v, int depth) {
  FUZZ_ASSERT(depth <= breachcheck::cli::kRespMaxDepth);
  FUZZ_ASSERT(v.text.size() <= breachcheck::cli::kRespMaxReplyBytes);
  if (v.type == RespValue::Type::kBulk) FUZZ_ASSERT(v.text.size() <= breachcheck::cli::kRespMaxBulkBytes);
  if (v.type == RespValue::Type::kSimple || v.type == RespValue::Type::kError) {
    FUZZ_ASSERT(v.text.find("\r\n") == std::string::npos);
  }
  FUZZ_ASSERT(v.type == RespValue::Type::kArray || v.elements.empty());
  FUZZ_ASSERT(v.elements.size() <= breachcheck::cli::kRespMaxArrayElements);
  for (const auto& e : v.elements) check_bounds(e, depth + 1);
}

// The replies the stream holds (at most 64), read through `chunk`-byte fills, up to a protocol error or the end.
std::vector<RespValue> read_all(std::string_view stream, std::size_t chunk) {
  ChunkedSource source(stream, chunk);
  RespReader reader(source);
  std::vector<RespValue> replies;
  for (int i = 0; i < 64; ++i) {
    RespValue value;
    if (!reader.read(value)) break;
    replies.push_back(std::move(value));
  }
  return replies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::vector<RespValue> pieces = read_all(stream, chunk);
  const std::vector<RespValue> whole = read_all(stream, stream.size() + 1);
  // Cutting the stream differently never changes a reply, nor where reading stops.
  FUZZ_ASSERT(pieces.size() == whole.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    FUZZ_ASSERT(same(pieces[i], whole[i]));
    check_bounds(pieces[i], 0);
    std::string encoded;
    encode(pieces[i], encoded);
    const std::vector<RespValue> again = read_all(encoded, encoded.size() + 1);
    FUZZ_ASSERT(again.size() == 1 && same(again[0], pieces[i]));
  }

  // The integer parser alone: accepted text is exactly the decimal of the value.
  std::int64_t n = 0;
  if (breachcheck::cli::parse_resp_integer(stream.substr(0, std::min<std::size_t>(stream.size(), 24)), n)) {
    const std::string_view text = stream.substr(0, std::min<std::size_t>(stream.size(), 24));
    const std::string canonical = std::to_string(n);
    // Leading zeros and "-0" are accepted; they must still denote n.
    std::string_view digits = text;
    const bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.remove_prefix(1);
    while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
    const std::string expected = (negative && digits != "0" ? "-" : "") + std::string(digits);
    FUZZ_ASSERT(canonical == expected);
  }
  return 0;
}
