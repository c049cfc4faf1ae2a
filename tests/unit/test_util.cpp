// SPDX-License-Identifier: MPL-2.0
// The shared helpers of wasm/core/util that used to be copied: little-endian integers, calendar arithmetic and
// "write then rename".
#include <catch.hpp>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "build/file_io.h"
#include "util/atomic_write.h"
#include "util/civil_date.h"
#include "util/little_endian.h"
#include "util/utf8.h"
#include "test_support.h"

using namespace breachcheck;

namespace {

struct ScratchDir {
  std::string path;
  ScratchDir() {
    char name[] = "/tmp/bc-util-test-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~ScratchDir() { io::remove_tree(path); }
};

}  // namespace

TEST_CASE("Little-endian integers: least significant byte first, any width up to 8", "[util]") {
  std::array<std::uint8_t, 8> bytes{};
  put_le32(bytes.data(), 0x11223344u);
  CHECK(bytes[0] == 0x44);
  CHECK(bytes[3] == 0x11);
  CHECK(bytes[4] == 0);  // nothing written past the width
  CHECK(get_le32(bytes.data()) == 0x11223344u);

  put_le64(bytes.data(), 0x0102030405060708ull);
  CHECK(bytes == std::array<std::uint8_t, 8>{8, 7, 6, 5, 4, 3, 2, 1});
  CHECK(get_le64(bytes.data()) == 0x0102030405060708ull);
  CHECK(get_le16(bytes.data()) == 0x0708);

  put_le16(bytes.data(), 0xBEEF);
  CHECK(bytes[0] == 0xEF);
  CHECK(bytes[1] == 0xBE);
  CHECK(bytes[2] == 6);

  // Widths other than 2, 4, 8 (the partial file's fields go through put_le / get_le directly).
  put_le(bytes.data(), 0xFFFFFF, 3);
  CHECK(get_le(bytes.data(), 3) == 0xFFFFFF);
  CHECK(get_le(bytes.data(), 4) == 0x05FFFFFFu);
  put_le64(bytes.data(), UINT64_MAX);
  CHECK(get_le64(bytes.data()) == UINT64_MAX);
}

TEST_CASE("UTF-8: the encoder writes each length's first and last code point as the strict decoder reads it",
          "[util]") {
  const std::pair<char32_t, std::string> cases[] = {
      {0x00, std::string(1, '\0')}, {0x7F, "\x7F"},           {0x80, "\xC2\x80"},
      {0x7FF, "\xDF\xBF"},        {0x800, "\xE0\xA0\x80"},    {0xD7FF, "\xED\x9F\xBF"},
      {0xE000, "\xEE\x80\x80"},   {0xFFFF, "\xEF\xBF\xBF"},    {0x10000, "\xF0\x90\x80\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"}};
  for (const auto& [cp, bytes] : cases) {
    std::string out = "x";
    append_utf8(out, cp);
    CHECK(out == "x" + bytes);
    std::size_t i = 1;
    char32_t decoded = 0;
    REQUIRE(decode_utf8(out, i, decoded));
    CHECK(decoded == cp);
    CHECK(i == out.size());
  }
}

TEST_CASE("Calendar: leap years, month lengths and real dates", "[util][dates]") {
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2023));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2023, 4) == 30);
  CHECK(days_in_month(2023, 12) == 31);
  CHECK(is_calendar_date({2024, 2, 29}));
  CHECK_FALSE(is_calendar_date({2023, 2, 29}));
  CHECK_FALSE(is_calendar_date({2023, 13, 1}));
  CHECK_FALSE(is_calendar_date({2023, 0, 1}));
  CHECK_FALSE(is_calendar_date({2023, 6, 31}));
  CHECK_FALSE(is_calendar_date({2023, 6, 0}));
}

TEST_CASE("Calendar: a date is after another by year, then month, then day", "[util][dates]") {
  CHECK(is_after({2024, 2, 6}, {2024, 2, 5}));
  CHECK(is_after({2024, 3, 1}, {2024, 2, 29}));
  CHECK(is_after({2025, 1, 1}, {2024, 12, 31}));
  CHECK_FALSE(is_after({2024, 2, 5}, {2024, 2, 5}));
  CHECK_FALSE(is_after({2023, 12, 31}, {2024, 1, 1}));
}

TEST_CASE("Calendar: Unix seconds to the UTC date and to ISO 8601", "[util][dates]") {
  const CivilDate epoch = civil_date_of_unix(0);
  CHECK((epoch.year == 1970 && epoch.month == 1 && epoch.day == 1));
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00Z");
  // 2024-02-29T23:59:59Z: the leap day, one second before March.
  CHECK(iso8601_utc(1709251199) == "2024-02-29T23:59:59Z");
  const CivilDate leap_day = civil_date_of_unix(1709251199);
  CHECK((leap_day.year == 2024 && leap_day.month == 2 && leap_day.day == 29));
  const CivilDate march = civil_date_of_unix(1709251200);
  CHECK((march.year == 2024 && march.month == 3 && march.day == 1));
  CHECK(iso8601_utc(4102444800) == "2100-01-01T00:00:00Z");
  // The largest u64 still prints (a signed header's `created` is any u64); the year has 12 digits.
  CHECK(iso8601_utc(UINT64_MAX) == "584554051223-11-09T07:00:15Z");
  CHECK(civil_date_of_unix(UINT64_MAX).year == 2147483647);  // saturated, not wrapped
}

TEST_CASE("Write then rename: the file appears whole, and a failed write leaves the old one", "[util][files]") {
  ScratchDir dir;
  const std::string path = dir.path + "/out.txt";

  io::write_then_rename(path, [](std::ostream& out) { out << "first"; });
  CHECK(test::read_file(path) == "first");
  CHECK_FALSE(io::exists(path + ".partial"));

  io::write_then_rename(path, [](std::ostream& out) { out << "second"; }, /*durable=*/true);
  CHECK(test::read_file(path) == "second");

  // A writer that fails half way: the earlier file is still there, unchanged.
  CHECK_THROWS_AS(io::write_then_rename(path,
                                        [](std::ostream& out) {
                                          out << "half";
                                          throw std::runtime_error("disk full");
                                        }),
                  std::runtime_error);
  CHECK(test::read_file(path) == "second");

  // No directory to write into: an error, not a silent success.
  CHECK_THROWS_AS(io::write_then_rename(dir.path + "/missing/out.txt", [](std::ostream& out) { out << "x"; }),
                  std::runtime_error);
}

TEST_CASE("Write then rename: rename_into_place replaces the target, and parent_dir names its directory",
          "[util][files]") {
  ScratchDir dir;
  const std::string tmp = dir.path + "/.tmp-1";
  const std::string path = dir.path + "/final";
  { std::ofstream(tmp) << "new"; }
  { std::ofstream(path) << "old"; }
  io::rename_into_place(tmp, path, /*durable=*/true);
  CHECK(test::read_file(path) == "new");
  CHECK_FALSE(io::exists(tmp));
  CHECK_THROWS_AS(io::rename_into_place(tmp, path, false), std::runtime_error);  // tmp is gone now

  CHECK(io::parent_dir("/a/b/c") == "/a/b");
  CHECK(io::parent_dir("/c") == "/");
  CHECK(io::parent_dir("c") == ".");
}
