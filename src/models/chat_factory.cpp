#include "models/chat_factory.h"

#include "core/error.h"

namespace lore::models {

// Interim: the openai/ollama providers land with the shared HttpClient.
std::unique_ptr<ChatModel> make_chat_model(const ChatConfig& config) {
  if (config.provider.empty() || config.provider == "none") return nullptr;
  throw Error(ErrorCode::unsupported, "chat provider \"" + config.provider + "\" is not available yet");
}

}  // namespace lore::models
