// SPDX-License-Identifier: MPL-2.0
#include "net/resp_reader.h"

#include <limits>

namespace breachcheck::cli {

bool parse_resp_integer(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  const bool negative = text[0] == '-';
  std::size_t i = negative ? 1 : 0;
  if (i == text.size()) return false;
  // Accumulate the magnitude unsigned, refusing any digit that would take it past the int64 range.
  const std::uint64_t limit = negative ? static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1
                                       : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t magnitude = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (!negative) {
    out = static_cast<std::int64_t>(magnitude);
  } else if (magnitude == limit) {
    out = std::numeric_limits<std::int64_t>::min();
  } else {
    out = -static_cast<std::int64_t>(magnitude);
  }
  return true;
}

bool RespReader::take(std::size_t n) {
  reply_bytes_ += n;
  return reply_bytes_ <= kRespMaxReplyBytes;
}

bool RespReader::read_line(std::string& line) {
  std::size_t searched = 0;  // bytes already known to hold no "\r\n" (a trickled line is not rescanned)
  for (;;) {
    const auto pos = buffer_.find("\r\n", searched);
    if (pos != std::string::npos) {
      if (pos > kRespMaxLineBytes || !take(pos + 2)) return false;
      line = buffer_.substr(0, pos);
      buffer_.erase(0, pos + 2);
      return true;
    }
    // Past the limit with no end of line in sight ("+ 1": a line of exactly the limit, its "\r" already here).
    if (buffer_.size() > kRespMaxLineBytes + 1) return false;
    searched = buffer_.empty() ? 0 : buffer_.size() - 1;
    if (!source_.fill(buffer_)) return false;
  }
}

bool RespReader::read_exact(std::size_t n, std::string& out) {
  if (!take(n)) return false;
  while (buffer_.size() < n) {
    if (!source_.fill(buffer_)) return false;
  }
  out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

bool RespReader::read_value(RespValue& value, int depth) {
  if (depth > kRespMaxDepth) return false;
  std::string line;
  if (!read_line(line) || line.empty()) return false;
  const char kind = line[0];
  const std::string_view body = std::string_view(line).substr(1);
  value = RespValue{};
  switch (kind) {
    case '+':
      value.type = RespValue::Type::kSimple;
      value.text = body;
      return true;
    case '-':
      value.type = RespValue::Type::kError;
      value.text = body;
      return true;
    case ':':
      value.type = RespValue::Type::kInteger;
      return parse_resp_integer(body, value.integer);
    case '$': {
      std::int64_t n = 0;
      if (!parse_resp_integer(body, n)) return false;
      if (n == -1) return true;  // nil
      if (n < 0 || static_cast<std::uint64_t>(n) > kRespMaxBulkBytes) return false;
      std::string data;
      if (!read_exact(static_cast<std::size_t>(n) + 2, data)) return false;
      if (data.compare(static_cast<std::size_t>(n), 2, "\r\n") != 0) return false;
      value.type = RespValue::Type::kBulk;
      value.text = data.substr(0, static_cast<std::size_t>(n));
      return true;
    }
    case '*': {
      std::int64_t n = 0;
      if (!parse_resp_integer(body, n)) return false;
      if (n == -1) return true;  // nil array
      if (n < 0 || static_cast<std::uint64_t>(n) > kRespMaxArrayElements) return false;
      value.type = RespValue::Type::kArray;
      // Grown element by element: a declared length the server never sends costs nothing up front.
      for (std::int64_t i = 0; i < n; ++i) {
        value.elements.emplace_back();
        if (!read_value(value.elements.back(), depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace breachcheck::cli
