#include "pipeline/stream_filter.h"

#include <algorithm>

namespace lore::pipeline {

namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";
constexpr std::string_view kWideOpen = "\xE3\x80\x90";   // 【
constexpr std::string_view kWideClose = "\xE3\x80\x91";  // 】
constexpr size_t kMaxMarkerBytes = 32;                   // "[1, 2, 3, 4]" fits; longer brackets are prose

bool is_prefix_of(std::string_view partial, std::string_view tag) {
  return partial.size() < tag.size() && tag.substr(0, partial.size()) == partial;
}

// Length of the suffix of s (after `from`) that is a proper prefix of a tag,
// i.e. that must be held back until more input arrives.
size_t partial_tag_suffix(std::string_view s, size_t from, bool inside) {
  const size_t lt = s.rfind('<');
  if (lt == std::string_view::npos || lt < from) return 0;
  const auto tail = s.substr(lt);
  if (is_prefix_of(tail, kClose) || (!inside && is_prefix_of(tail, kOpen))) return tail.size();
  return 0;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

enum class MarkerParse { not_marker, incomplete, complete };

struct Marker {
  MarkerParse state = MarkerParse::not_marker;
  size_t end = 0;            // one past the closing bracket
  std::vector<int> numbers;  // as written
};

// Parses a citation marker starting at s[at] ('[' or '【').
Marker parse_marker(std::string_view s, size_t at) {
  Marker m;
  size_t i = at;
  if (s.substr(i, 1) == "[") {
    i += 1;
  } else if (s.substr(i, kWideOpen.size()) == kWideOpen) {
    i += kWideOpen.size();
  } else if (at + kWideOpen.size() > s.size() && kWideOpen.substr(0, s.size() - at) == s.substr(at)) {
    m.state = MarkerParse::incomplete;  // a split 【
    return m;
  } else {
    return m;
  }
  int current = -1;
  while (i < s.size()) {
    if (i - at > kMaxMarkerBytes) return m;
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      current = (current < 0 ? 0 : current) * 10 + (c - '0');
      if (current > 100000) return m;
      ++i;
    } else if (c == ',' || c == ' ') {
      if (current >= 0) m.numbers.push_back(current);
      current = -1;
      ++i;
    } else if (c == ']' || s.substr(i, kWideClose.size()) == kWideClose) {
      if (current >= 0) m.numbers.push_back(current);
      if (m.numbers.empty()) return m;
      m.state = MarkerParse::complete;
      m.end = i + (c == ']' ? 1 : kWideClose.size());
      return m;
    } else if (static_cast<unsigned char>(c) == 0xE3 && kWideClose.substr(0, s.size() - i) == s.substr(i)) {
      break;  // a split 】 at the end of the buffer
    } else {
      return m;
    }
  }
  m.state = MarkerParse::incomplete;
  return m;
}

bool is_opener(std::string_view s, size_t i) {
  return s[i] == '[' || static_cast<unsigned char>(s[i]) == 0xE3;
}

// Bytes at the end of s that start a UTF-8 sequence not yet complete.
size_t incomplete_utf8_tail(std::string_view s) {
  size_t k = 0;
  while (k < s.size() && k < 4 && (static_cast<unsigned char>(s[s.size() - 1 - k]) & 0xC0) == 0x80) ++k;
  if (k == s.size()) return 0;
  const auto lead = static_cast<unsigned char>(s[s.size() - 1 - k]);
  const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return need > k + 1 ? k + 1 : 0;
}

}  // namespace

std::string ThinkFilter::emit(std::string_view visible) {
  if (!started_) {
    size_t i = 0;
    while (i < visible.size() && is_ascii_space(visible[i])) ++i;
    visible.remove_prefix(i);
    if (!visible.empty()) started_ = true;
  }
  return std::string(visible);
}

std::string ThinkFilter::feed(std::string_view fragment) {
  std::string buf = pending_;
  buf.append(fragment);
  pending_.clear();
  std::string out;
  size_t i = 0;
  while (i < buf.size()) {
    const std::string_view rest(buf.data() + i, buf.size() - i);
    if (inside_) {
      const size_t p = rest.find(kClose);
      if (p == std::string_view::npos) {
        const size_t hold = partial_tag_suffix(buf, i, true);
        reasoning_.append(rest.substr(0, rest.size() - hold));
        pending_ = std::string(rest.substr(rest.size() - hold));
        return out;
      }
      reasoning_.append(rest.substr(0, p));
      inside_ = false;
      i += p + kClose.size();
    } else {
      const size_t open = rest.find(kOpen);
      const size_t close = rest.find(kClose);
      const size_t p = std::min(open, close);
      if (p == std::string_view::npos) {
        const size_t hold = partial_tag_suffix(buf, i, false);
        out += emit(rest.substr(0, rest.size() - hold));
        pending_ = std::string(rest.substr(rest.size() - hold));
        return out;
      }
      out += emit(rest.substr(0, p));
      if (p == open) {
        inside_ = true;
        if (!reasoning_.empty()) reasoning_ += "\n";
        i += p + kOpen.size();
      } else {
        i += p + kClose.size();  // stray closing tag
      }
    }
  }
  return out;
}

std::string ThinkFilter::finish() {
  std::string rest;
  rest.swap(pending_);
  if (inside_) {
    reasoning_ += rest;
    return "";
  }
  return emit(rest);
}

std::string CitationFilter::drain(bool final) {
  std::string out;
  size_t i = 0;
  const std::string_view s = hold_;
  auto keep = [&](const Marker& m) {
    std::string kept;
    for (int n : m.numbers) {
      if (n < 1 || n > source_count_) continue;
      kept += "[" + std::to_string(n) + "]";
      if (std::find(cited_.begin(), cited_.end(), n) == cited_.end()) cited_.push_back(n);
    }
    return kept;
  };
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && is_ascii_space(s[j])) ++j;
    if (j == s.size()) {
      if (!final) break;  // whitespace may precede a dropped marker
      out.append(s.substr(i));
      i = j;
      break;
    }
    if (!is_opener(s, j)) {
      out.append(s.substr(i, j - i + 1));
      i = j + 1;
      continue;
    }
    const Marker m = parse_marker(s, j);
    if (m.state == MarkerParse::incomplete && !final) break;
    if (m.state != MarkerParse::complete) {
      out.append(s.substr(i, j - i + 1));
      i = j + 1;
      continue;
    }
    const std::string kept = keep(m);
    if (!kept.empty()) out.append(s.substr(i, j - i)).append(kept);
    i = m.end;
  }
  hold_.erase(0, i);
  if (!final) {
    // Never hand out half a UTF-8 sequence: a fragment may end inside one.
    const size_t cut = incomplete_utf8_tail(out);
    hold_.insert(0, out.substr(out.size() - cut));
    out.resize(out.size() - cut);
  }
  return out;
}

std::string CitationFilter::feed(std::string_view fragment) {
  hold_.append(fragment);
  return drain(false);
}

std::string CitationFilter::finish() { return drain(true); }

std::vector<int> cited_sources(std::string_view text, int source_count) {
  CitationFilter f(source_count);
  f.feed(text);
  f.finish();
  return f.cited();
}

}  // namespace lore::pipeline
