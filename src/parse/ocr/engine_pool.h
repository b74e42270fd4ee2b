// Internal to src/parse/ocr: the process-wide pool of tesseract engines.
//
// An Engine is one TessBaseAPI: for recognition (LSTM, a language set such
// as "eng+chi_sim") or for orientation and script detection (the key "osd":
// legacy engine, osd.traineddata). Engines are expensive (hundreds of ms
// and ~100 MB to load chi_sim) and not thread-safe, so each is used by one
// thread at a time and returned to the pool for the next page. The pool holds
// at most `limit` engines per language set in the whole process; lease()
// blocks while they are all busy, which also bounds concurrent OCR.
#pragma once

#include <memory>
#include <string>

namespace tesseract {
class TessBaseAPI;
}

namespace lore::parse::ocr {

struct Engine {
  std::string languages;  // the pool key
  std::unique_ptr<tesseract::TessBaseAPI> api;
  ~Engine();
};

// The pool key of orientation-and-script-detection engines.
inline constexpr const char* kOsdLanguages = "osd";

// The tessdata folder tesseract loads from (TESSDATA_PREFIX, else the Debian default).
std::string tessdata_dir();

class EngineLease {
 public:
  // Waits for a free engine of `languages` (creating one while fewer than
  // `limit` exist). Throws Error{invalid_argument} when a language's
  // traineddata is missing.
  EngineLease(const std::string& languages, int limit);
  ~EngineLease();
  EngineLease(const EngineLease&) = delete;
  EngineLease& operator=(const EngineLease&) = delete;
  Engine& operator*() { return *engine_; }
  Engine* operator->() { return engine_.get(); }

 private:
  std::unique_ptr<Engine> engine_;
};

}  // namespace lore::parse::ocr
