// The engine pool of engine_pool.h.
#include "parse/ocr/engine_pool.h"

#include <tesseract/baseapi.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "core/error.h"

namespace lore::parse::ocr {

namespace {

constexpr const char* kDefaultTessdata = "/usr/share/tesseract-ocr/5/tessdata";

struct Slot {
  std::vector<std::unique_ptr<Engine>> idle;
  int created = 0;
};

struct Pool {
  std::mutex mutex;
  std::condition_variable freed;
  std::map<std::string, Slot> slots;
};

Pool& pool() {
  static Pool* p = new Pool;  // never destroyed: engines may be returned during static destruction
  return *p;
}

void check_languages(const std::string& languages) {
  if (languages.empty())
    throw Error(ErrorCode::invalid_argument, "ocr.languages: empty (expected e.g. \"eng+chi_sim\")");
  const std::string dir = tessdata_dir();
  std::stringstream in(languages);
  for (std::string code; std::getline(in, code, '+');) {
    const bool valid = !code.empty() && code.find_first_of("/\\. ") == std::string::npos;
    if (!valid || !std::filesystem::exists(std::filesystem::path(dir) / (code + ".traineddata")))
      throw Error(ErrorCode::invalid_argument,
                  "ocr.languages: no OCR data for language \"" + code + "\" (" + dir + "/" + code +
                      ".traineddata not found; install tesseract-ocr-" + code + " or fix ocr.languages)");
  }
}

std::unique_ptr<Engine> create_engine(const std::string& languages) {
  check_languages(languages);
  auto engine = std::make_unique<Engine>();
  engine->languages = languages;
  engine->api = std::make_unique<tesseract::TessBaseAPI>();
  // Silence tesseract's own diagnostics (they would go to stderr).
  engine->api->SetVariable("debug_file", "/dev/null");
  const auto mode = languages == kOsdLanguages ? tesseract::OEM_TESSERACT_ONLY : tesseract::OEM_LSTM_ONLY;
  if (engine->api->Init(tessdata_dir().c_str(), languages.c_str(), mode) != 0)
    throw Error(ErrorCode::internal,
                "OCR: tesseract failed to load languages \"" + languages + "\" from " + tessdata_dir());
  engine->api->SetVariable("debug_file", "/dev/null");
  return engine;
}

}  // namespace

Engine::~Engine() {
  if (api) api->End();
}

std::string tessdata_dir() {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env && *env) {
    // tesseract accepts the folder itself or its parent.
    const std::filesystem::path p(env);
    if (std::filesystem::exists(p / "tessdata")) return (p / "tessdata").string();
    return p.string();
  }
  return kDefaultTessdata;
}

EngineLease::EngineLease(const std::string& languages, int limit) {
  Pool& p = pool();
  std::unique_lock lock(p.mutex);
  Slot& slot = p.slots[languages];
  p.freed.wait(lock, [&] { return !slot.idle.empty() || slot.created < std::max(1, limit); });
  if (!slot.idle.empty()) {
    engine_ = std::move(slot.idle.back());
    slot.idle.pop_back();
    return;
  }
  ++slot.created;
  lock.unlock();
  try {
    engine_ = create_engine(languages);
  } catch (...) {
    lock.lock();
    --slot.created;
    p.freed.notify_all();
    throw;
  }
}

EngineLease::~EngineLease() {
  if (!engine_) return;
  Pool& p = pool();
  {
    std::lock_guard lock(p.mutex);
    engine_->api->Clear();
    p.slots[engine_->languages].idle.push_back(std::move(engine_));
  }
  p.freed.notify_all();
}

}  // namespace lore::parse::ocr
