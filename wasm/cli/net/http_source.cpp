// SPDX-License-Identifier: MPL-2.0
#include "net/http_source.h"

#include <cstdio>
#include <string_view>

#include <httplib.h>

namespace breachcheck::cli {

bool is_http_url(const std::string& location) {
  return location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0;
}

namespace {

constexpr std::uint64_t kMaxReadBytes = 64ull << 20;  // a header or one bucket: far below this

// "bytes FIRST-LAST/TOTAL" exactly (RFC 9110, section 14.4), digits only.
bool parse_content_range(std::string_view text, std::uint64_t& first, std::uint64_t& last, std::uint64_t& total) {
  constexpr std::string_view prefix = "bytes ";
  if (text.substr(0, prefix.size()) != prefix) return false;
  text.remove_prefix(prefix.size());
  auto number = [&text](std::uint64_t& out, char end) {
    std::size_t i = 0;
    out = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 19) out = out * 10 + (text[i++] - '0');
    if (i == 0) return false;
    if (end == '\0') {
      if (i != text.size()) return false;
    } else if (i >= text.size() || text[i] != end) {
      return false;
    }
    text.remove_prefix(std::min(text.size(), i + 1));
    return true;
  };
  return number(first, '-') && number(last, '/') && number(total, '\0');
}

class HttpSource final : public ByteSource {
 public:
  HttpSource(std::string origin, std::string path) : client_(origin), path_(std::move(path)) {
    client_.set_follow_location(false);
    client_.set_decompress(false);
    client_.set_keep_alive(true);
    client_.set_connection_timeout(10, 0);
    client_.set_read_timeout(30, 0);
  }

  // Learns the total size with a 1-byte read; the code on failure.
  std::string probe() {
    Bytes one;
    if (!read(0, 1, one)) return error_.empty() ? "read_failed" : error_;
    return "";
  }

  bool read(std::uint64_t offset, std::uint64_t length, Bytes& out) override {
    error_.clear();
    if (length == 0 || length > kMaxReadBytes) return fail("range_length");
    if (size_ && (offset > *size_ || length > *size_ - offset)) return fail("range_beyond_end");
    const std::uint64_t last = offset + length - 1;
    const std::string range = "bytes=" + std::to_string(offset) + "-" + std::to_string(last);
    out.clear();
    out.reserve(static_cast<std::size_t>(length));
    std::string problem;
    std::uint64_t total = 0;
    auto result = client_.Get(
        path_, httplib::Headers{{"Range", range}, {"Accept-Encoding", "identity"}},
        [&](const httplib::Response& response) {
          if (response.status != 206) {
            problem = "http_status_" + std::to_string(response.status);
            return false;
          }
          std::uint64_t first = 0, got_last = 0;
          if (!parse_content_range(response.get_header_value("Content-Range"), first, got_last, total) ||
              first != offset || got_last != last || total <= last) {
            problem = "content_range";
            return false;
          }
          if (size_ && total != *size_) {
            problem = "size_changed";
            return false;
          }
          return true;
        },
        [&](const char* data, std::size_t n) {
          if (out.size() + n > length) {
            problem = "body_length";
            return false;
          }
          out.insert(out.end(), reinterpret_cast<const std::uint8_t*>(data), reinterpret_cast<const std::uint8_t*>(data) + n);
          return true;
        });
    if (!problem.empty()) return fail(problem);
    if (!result) return fail("http_" + httplib::to_string(result.error()));
    if (out.size() != length) return fail("body_length");
    if (!size_) size_ = total;
    return true;
  }

  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string code) {
    error_ = std::move(code);
    return false;
  }
  httplib::Client client_;
  std::string path_;
  std::optional<std::uint64_t> size_;
  std::string error_;
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(const std::string& location, std::string& error) {
  error.clear();
  if (!is_http_url(location)) {
    auto file = std::make_unique<FileSource>(location);
    if (!file->is_open()) {
      error = "read_failed";
      return nullptr;
    }
    return file;
  }
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  if (location.rfind("https://", 0) == 0) {
    error = "https_unsupported_in_this_build";
    return nullptr;
  }
#endif
  const std::size_t scheme_end = location.find("://") + 3;
  const std::size_t slash = location.find('/', scheme_end);
  if (slash == std::string::npos || slash == scheme_end) {
    error = "url_invalid";
    return nullptr;
  }
  auto source = std::make_unique<HttpSource>(location.substr(0, slash), location.substr(slash));
  error = source->probe();
  if (!error.empty()) return nullptr;
  return source;
}

}  // namespace breachcheck::cli
