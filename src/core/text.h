// UTF-8, CJK and sentence utilities shared by parsers, chunkers and indexes.
//
// All strings in Lore are UTF-8. Functions here never throw on malformed
// input: decoding yields U+FFFD for an invalid byte and moves on by one byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lore::text {

// Decodes the code point at s[i] and advances i past it (by 1 on invalid bytes,
// returning U+FFFD).
char32_t next_codepoint(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of cp to out.
void append_utf8(std::string& out, char32_t cp);

// Byte offset of the first invalid UTF-8 sequence, or npos when s is valid.
size_t find_invalid_utf8(std::string_view s);

// s with each invalid byte replaced by U+FFFD (valid input is returned as is).
// For strings from C libraries that do not promise UTF-8 (gumbo's numeric
// character references, GMime's raw 8-bit headers).
std::string to_valid_utf8(std::string_view s);

// True for Han ideographs, kana, hangul and CJK punctuation/fullwidth forms:
// scripts written without spaces, where every character is a token.
bool is_cjk(char32_t cp);
bool contains_cjk(std::string_view s);

// Unicode whitespace (ASCII space/tab/newlines, NBSP, ideographic space, ...).
bool is_space(char32_t cp);

// Collapses runs of whitespace to one space and trims both ends.
std::string collapse_whitespace(std::string_view s);

// Trims ASCII/Unicode whitespace from both ends.
std::string_view trim(std::string_view s);

// Splits text into sentences. A sentence ends after . ! ? followed by space
// (with common abbreviations and decimals respected), after CJK terminators
// 。！？； (no space needed), or at a blank line. The concatenation of the result
// equals the input (whitespace is kept with the preceding sentence), so
// callers can map sentences back to offsets.
std::vector<std::string_view> split_sentences(std::string_view text);

// Lower-cases ASCII letters; other bytes unchanged.
std::string ascii_lower(std::string_view s);

// Truncates s to at most max_bytes without cutting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view s, size_t max_bytes);

}  // namespace lore::text
