// SPDX-License-Identifier: MPL-2.0
// The RESP2 reply parser of the Redis client (resp_client.h), apart from its sockets and TLS so that it can be
// fuzzed on its own (tests/fuzz/fuzz_resp.cpp). Every reply comes from outside the process: lines, bulk strings,
// array lengths and nesting are bounded, integers are checked against int64, and a malformed reply is an error,
// never a guess.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck::cli {

struct RespValue {
  enum class Type { kNil, kSimple, kError, kInteger, kBulk, kArray };
  Type type = Type::kNil;
  std::string text;  // simple string, error message, bulk string
  std::int64_t integer = 0;
  std::vector<RespValue> elements;  // array
};

// What a reply may hold at most. The replies the evaluation server expects (PONG, OK, an array of three
// integers) are tiny; these bounds only stop a broken or hostile server from making us allocate without end.
inline constexpr std::size_t kRespMaxBulkBytes = 1 << 20;
inline constexpr std::size_t kRespMaxArrayElements = 1024;
inline constexpr std::size_t kRespMaxLineBytes = 64 * 1024;
inline constexpr int kRespMaxDepth = 4;  // arrays inside arrays
inline constexpr std::size_t kRespMaxReplyBytes = 2 << 20;  // one whole reply, however it is nested

// Where a reader's bytes come from: appends at least one byte to `buffer` and returns true, or returns false
// (end of stream, error, timeout).
class RespByteSource {
 public:
  virtual ~RespByteSource() = default;
  virtual bool fill(std::string& buffer) = 0;
};

// Reads replies one after the other from a byte source, keeping what it received past the current reply.
class RespReader {
 public:
  explicit RespReader(RespByteSource& source) : source_(source) {}
  // One complete reply. False on a protocol error or when the source fails first: the connection is then
  // unusable (the caller closes it), and `value` is unspecified.
  bool read(RespValue& value) {
    reply_bytes_ = 0;
    return read_value(value, 0);
  }
  // Forgets buffered bytes (a new connection).
  void clear() { buffer_.clear(); }
  std::size_t buffered() const { return buffer_.size(); }

 private:
  bool read_value(RespValue& value, int depth);
  bool read_line(std::string& line);
  bool read_exact(std::size_t n, std::string& out);

  bool take(std::size_t n);  // counts n more bytes of the current reply; false past kRespMaxReplyBytes

  RespByteSource& source_;
  std::string buffer_;  // received, not yet consumed
  std::size_t reply_bytes_ = 0;
};

// A RESP integer ("-12", "345"): decimal digits, an optional minus sign, within int64. False on anything else,
// including values that would overflow (a hostile or broken server must not wrap 2^64 + 1 into 1).
bool parse_resp_integer(std::string_view text, std::int64_t& out);

}  // namespace breachcheck::cli
