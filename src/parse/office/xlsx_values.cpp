#include "parse/office/xlsx_values.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lore::parse::office {

namespace {

// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
constexpr int kMaxRow = 1048576;
constexpr int kMaxCol = 16384;
constexpr double kSecondsPerDay = 86400.0;

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

}  // namespace

std::optional<CellRef> parse_cell_ref(std::string_view ref) {
  CellRef out;
  size_t i = 0;
  while (i < ref.size() && ref[i] == '$') ++i;
  const size_t letters_start = i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    const int letter = (ref[i] | 0x20) - 'a' + 1;
    out.col = out.col * 26 + letter;
    if (out.col > kMaxCol) return std::nullopt;
    ++i;
  }
  if (i == letters_start) return std::nullopt;
  while (i < ref.size() && ref[i] == '$') ++i;
  const size_t digits_start = i;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
    out.row = out.row * 10 + (ref[i] - '0');
    if (out.row > kMaxRow) return std::nullopt;
    ++i;
  }
  if (i == digits_start || i != ref.size() || out.row == 0) return std::nullopt;
  return out;
}

NumberKind builtin_format_kind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
    return NumberKind::date;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47)) return NumberKind::time;
  if (id == 22) return NumberKind::date_time;
  return NumberKind::number;
}

NumberKind custom_format_kind(std::string_view code) {
  // Only the first section (positive numbers) decides; ';' separates sections.
  bool date = false, time = false, month_or_minute = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or a padding/fill character)
    } else if (c == '[') {
      const size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      const char first = static_cast<char>(code[i + 1] | 0x20);
      if (first == 'h' || first == 's' || first == 'm') time = true;  // [h]:mm elapsed time
      i = end;
    } else {
      const char lc = static_cast<char>(c | 0x20);
      if (lc == 'y' || lc == 'd') date = true;
      else if (lc == 'h' || lc == 's') time = true;
      else if (lc == 'm') month_or_minute = true;
    }
  }
  if (month_or_minute && !date && !time) date = true;  // "mmm" alone is a month name
  if (date && time) return NumberKind::date_time;
  if (date) return NumberKind::date;
  if (time) return NumberKind::time;
  return NumberKind::number;
}

std::optional<std::string> format_serial_date(double serial, NumberKind kind, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466.0) return std::nullopt;  // 9999-12-31
  // Round to the second first so 0.99999999 becomes the next day's midnight.
  const long long total_seconds = std::llround(serial * kSecondsPerDay);
  long long days = total_seconds / 86400;
  const long long seconds = total_seconds % 86400;
  // Day 0 of the 1900 system is 1899-12-31 and Excel counts a non-existent
  // 1900-02-29 (serial 60), so serials from 61 on are one day ahead.
  long long days_since_1970;
  if (date1904) {
    days_since_1970 = days - 24107;  // 1904-01-01 is 24107 days before 1970-01-01
  } else {
    if (days >= 61) --days;
    days_since_1970 = days - 25568;  // 1899-12-31 is 25568 days before 1970-01-01
  }
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days_since_1970, y, m, d);
  char date_text[48], time_text[80];
  std::snprintf(date_text, sizeof date_text, "%04d-%02u-%02u", y, m, d);
  std::snprintf(time_text, sizeof time_text, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  if (kind == NumberKind::time) return std::string(time_text);
  if (kind == NumberKind::date_time || seconds != 0) return std::string(date_text) + " " + time_text;
  if (y < 1900) return std::nullopt;
  return std::string(date_text);
}

std::string clean_number(std::string_view value) {
  const std::string s(value);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) return s;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace lore::parse::office
