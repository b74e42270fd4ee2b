// DOCX paragraph semantics that live outside the paragraph: styles
// (word/styles.xml: headings, captions, style-level numbering) and list
// numbering (word/numbering.xml: bullet or counter, the marker text).
#pragma once

#include <pugixml.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lore::parse::office {

// Where a paragraph sits in a numbered/bulleted list.
struct NumberingRef {
  int num_id = 0;  // 0 means "not numbered" (Word uses numId 0 to switch numbering off)
  int level = 0;   // ilvl, 0-based
};

// Paragraph styles by id, with basedOn inheritance resolved on lookup.
class DocxStyles {
 public:
  // `styles_root` is the w:styles element (may be empty: no styles part).
  explicit DocxStyles(const pugi::xml_node& styles_root);

  // Heading level of paragraphs in this style: the "Title" style is 0 (the
  // document title), "heading N" is N, otherwise an outline level (w:outlineLvl
  // 0..8) gives level+1. nullopt for body styles. Follows basedOn.
  std::optional<int> heading_level(const std::string& style_id) const;

  bool is_caption(const std::string& style_id) const;

  // Numbering that the style applies (w:numPr in the style), following basedOn.
  std::optional<NumberingRef> numbering(const std::string& style_id) const;

 private:
  struct Style {
    std::string name;  // lower-cased w:name
    std::string based_on;
    std::optional<int> outline_level;
    std::optional<NumberingRef> numbering;
  };
  // The style and its ancestors, nearest first, cycle-safe.
  std::vector<const Style*> chain(const std::string& style_id) const;

  std::map<std::string, Style> styles_;
};

// List markers from word/numbering.xml, with Word's counters: each numId
// keeps one counter per level; an item at level L counts up level L and
// restarts the deeper levels.
class DocxNumbering {
 public:
  // `numbering_root` is the w:numbering element (may be empty).
  explicit DocxNumbering(const pugi::xml_node& numbering_root);

  // The marker for the next item of `ref`, advancing the counters: "-" for
  // bullets (and for unknown lists), else the level's w:lvlText with %1..%9
  // replaced by the current counters ("1.", "1.2.", "a)").
  std::string next_marker(const NumberingRef& ref);

 private:
  struct Level {
    std::string format = "bullet";  // w:numFmt
    std::string text;               // w:lvlText
    int start = 1;
  };
  static constexpr int kLevels = 9;
  // Levels of numId's abstract definition with the num's overrides applied;
  // nullptr when the numId is unknown.
  const std::vector<Level>* levels_of(int num_id) const;

  std::map<int, std::vector<Level>> abstract_;  // abstractNumId -> levels
  std::map<int, std::vector<Level>> nums_;      // numId -> levels
  std::map<int, std::vector<int>> counters_;    // numId -> per-level counter (0 = not started)
};

// Formats a list counter in a w:numFmt ("decimal", "lowerLetter",
// "upperRoman", ...); unknown formats fall back to decimal.
std::string format_counter(int value, const std::string& num_fmt);

}  // namespace lore::parse::office
