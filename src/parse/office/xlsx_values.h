// SpreadsheetML cell values as text: cell references, number formats that
// mean dates, Excel serial dates -> ISO 8601, and number clean-up.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lore::parse::office {

// "BC12" -> {row 12, col 55} (1-based); nullopt when not a cell reference.
struct CellRef {
  int row = 0;
  int col = 0;
};
std::optional<CellRef> parse_cell_ref(std::string_view ref);

// What a number format shows a number as.
enum class NumberKind { number, date, time, date_time };

// Built-in format ids (ECMA-376 18.8.30: 14-17 dates, 18-21 times,
// 22 date+time, 45-47 times, and the East Asian date ids 27-36 and 50-58).
// Ids outside those are plain numbers.
NumberKind builtin_format_kind(int num_fmt_id);

// A custom format code's kind: date parts (y, d, or m next to them) and time
// parts (h, s, or m next to them) outside quoted text, escapes and [colour]
// sections; elapsed-time brackets ([h], [mm], [ss]) count as time.
NumberKind custom_format_kind(std::string_view format_code);

// Serial day number -> "YYYY-MM-DD", "HH:MM:SS" or "YYYY-MM-DD HH:MM:SS"
// according to `kind` (a date with a time of day is shown with it even when
// the format has no time). `date1904` selects the Mac epoch. nullopt for
// serials outside years 1900..9999.
std::optional<std::string> format_serial_date(double serial, NumberKind kind, bool date1904);

// A numeric cell value as Excel would show it in General format: up to 15
// significant digits, so binary noise ("0.30000000000000004") disappears;
// non-numeric text is returned unchanged.
std::string clean_number(std::string_view value);

}  // namespace lore::parse::office
