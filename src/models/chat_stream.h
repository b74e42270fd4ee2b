// Shared plumbing of the streaming chat providers: turns the separate
// reasoning and answer channels of a server into one text stream with the
// reasoning inside <think>…</think>, and accumulates the whole text.
#pragma once

#include <string>
#include <string_view>

#include "models/chat.h"

namespace lore::models {

class ChatStream {
 public:
  explicit ChatStream(const DeltaHandler& on_delta) : on_delta_(on_delta) {}

  // Returns false when the handler asked to stop.
  bool reasoning(std::string_view piece);
  bool content(std::string_view piece);
  // Closes an open reasoning block; returns the whole text.
  std::string finish();
  bool cancelled() const { return cancelled_; }
  bool received_any() const { return !text_.empty(); }

 private:
  bool send(std::string_view piece);

  const DeltaHandler& on_delta_;
  std::string text_;
  bool in_reasoning_ = false;
  bool cancelled_ = false;
};

}  // namespace lore::models
