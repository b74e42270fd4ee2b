#include "models/chat_stream.h"

namespace lore::models {

bool ChatStream::send(std::string_view piece) {
  if (piece.empty() || cancelled_) return !cancelled_;
  text_.append(piece);
  if (on_delta_ && !on_delta_(piece)) cancelled_ = true;
  return !cancelled_;
}

bool ChatStream::reasoning(std::string_view piece) {
  if (piece.empty()) return !cancelled_;
  if (!in_reasoning_) {
    in_reasoning_ = true;
    if (!send("<think>")) return false;
  }
  return send(piece);
}

bool ChatStream::content(std::string_view piece) {
  if (piece.empty()) return !cancelled_;
  if (in_reasoning_) {
    in_reasoning_ = false;
    if (!send("</think>")) return false;
  }
  return send(piece);
}

std::string ChatStream::finish() {
  if (in_reasoning_) {
    in_reasoning_ = false;
    send("</think>");
  }
  return text_;
}

}  // namespace lore::models
