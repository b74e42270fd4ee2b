#include "models/chat_factory.h"

#include "core/error.h"
#include "models/ollama/ollama_chat.h"
#include "models/openai/openai_chat.h"

namespace lore::models {

std::unique_ptr<ChatModel> make_chat_model(const ChatConfig& config) {
  if (config.provider.empty() || config.provider == "none") return nullptr;
  if (config.provider != "openai" && config.provider != "ollama")
    throw Error(ErrorCode::invalid_argument,
                "chat provider \"" + config.provider + "\" is not supported (use openai, ollama or none)");
  if (config.model.empty())
    throw Error(ErrorCode::invalid_argument,
                "chat provider " + config.provider +
                    " needs a model name: set chat.model ([chat] model in lore.toml, "
                    "env LORE_CHAT_MODEL)");
  if (config.provider == "openai") return std::make_unique<OpenAiChat>(config);
  return std::make_unique<OllamaChat>(config);
}

}  // namespace lore::models
