#include "server/answer.h"

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "models/chat_factory.h"
#include "server/app.h"

#include <httplib.h>

namespace lore::server {

std::unique_ptr<models::ChatModel> prepare_ask(Ctx& c, pipeline::AskRequest& req) {
  if (text::trim(req.question).empty()) throw Error(ErrorCode::invalid_argument, "the question is empty");
  req.request_id = c.request_id;
  if (!req.filter.empty()) pipeline::resolve_filter(c.reader().store(), req.kb, req.filter);
  // Throws for a bad [chat] or knowledge base chat setting, before any byte.
  return models::make_chat_model(pipeline::chat_config_for(c.app.config(), req.kb));
}

pipeline::AskResult ask_now(Ctx& c, const pipeline::AskRequest& req, models::ChatModel* chat) {
  auto with_searcher = req;
  with_searcher.searcher = &c.searcher(req.kb);
  return pipeline::ask(c.reader(), with_searcher, chat);
}

namespace {

// Owned by the content provider (copied into httplib's std::function).
struct StreamState {
  ReaderPool::Lease reader;
  std::unique_ptr<models::ChatModel> chat;
  pipeline::AskRequest request;
  StreamFormat format;
  AfterAnswer after;
  bool ran = false;
};

}  // namespace

void ask_streamed(Ctx& c, pipeline::AskRequest req, std::unique_ptr<models::ChatModel> chat,
                  StreamFormat format, AfterAnswer after) {
  auto state = std::make_shared<StreamState>();
  state->reader = c.take_reader();
  state->chat = std::move(chat);
  state->request = std::move(req);
  state->format = std::move(format);
  state->after = std::move(after);
  c.res.status = 200;
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_header("X-Accel-Buffering", "no");
  c.res.set_chunked_content_provider("text/event-stream", [state](size_t, httplib::DataSink& sink) {
    if (state->ran) {  // httplib calls again only if done() was not reached
      sink.done();
      return true;
    }
    state->ran = true;
    auto send = [&sink](const std::string& text) {
      return text.empty() || sink.write(text.data(), text.size());
    };
    const auto& fmt = state->format;
    const std::string& rid = state->request.request_id;
    if (fmt.open && !send(fmt.open())) return false;
    auto req = state->request;
    req.on_delta = [&](std::string_view delta) { return send(fmt.delta(delta)); };
    try {
      req.searcher = &state->reader.searcher(req.kb);
      const auto result = pipeline::ask(state->reader.workspace(), req, state->chat.get());
      if (result.cancelled) {
        spdlog::info("request_id={} stream cancelled: the client went away", rid);
        return false;
      }
      nlohmann::json extra = nlohmann::json::object();
      if (state->after) extra = state->after(result);
      if (!send(fmt.done(result, extra))) return false;
    } catch (const Error& e) {
      spdlog::warn("request_id={} stream failed: {}", rid, e.what());
      send(fmt.error(error_code_name(e.code()), e.what()));
    } catch (const std::exception& e) {
      spdlog::error("request_id={} stream failed: {}", rid, e.what());
      send(fmt.error("internal", std::string("internal error: ") + e.what()));
    }
    sink.done();
    return true;
  });
}

bool wants_stream(const Ctx& c, const nlohmann::json& body) {
  if (body.contains("stream") && !body["stream"].is_null()) return bool_field(body, "stream", false);
  return c.req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
}

std::string sse(const nlohmann::json& data, std::string_view event) {
  std::string out;
  if (!event.empty()) out += "event: " + std::string(event) + "\n";
  out += "data: " + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
  return out;
}

bool bool_field(const nlohmann::json& body, const std::string& name, bool fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean())
    throw Error(ErrorCode::invalid_argument, "field \"" + name + "\" must be true or false");
  return it->get<bool>();
}

size_t top_k_field(const nlohmann::json& body) {
  auto it = body.find("top_k");
  if (it == body.end() || it->is_null()) return 0;
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 100)
    throw Error(ErrorCode::invalid_argument, "top_k must be an integer from 1 to 100");
  return it->get<size_t>();
}

pipeline::SearchFilter filter_field(const nlohmann::json& body) {
  auto it = body.find("filter");
  return it == body.end() ? pipeline::SearchFilter{} : pipeline::filter_from_json(*it);
}

std::vector<models::ChatMessage> chat_messages(const nlohmann::json& messages, const std::string& field) {
  if (!messages.is_array())
    throw Error(ErrorCode::invalid_argument, "field \"" + field + "\" must be an array");
  std::vector<models::ChatMessage> out;
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!m.is_object()) throw Error(ErrorCode::invalid_argument, at + " must be an object");
    const auto role = m.value("role", nlohmann::json());
    if (!role.is_string() || (role != "user" && role != "assistant" && role != "system"))
      throw Error(ErrorCode::invalid_argument, at + ".role must be \"user\", \"assistant\" or \"system\"");
    std::string content;
    const auto c = m.value("content", nlohmann::json());
    if (c.is_string()) {
      content = c.get<std::string>();
    } else if (c.is_array()) {  // content parts: only text is understood
      for (const auto& part : c) {
        if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") ||
            !part["text"].is_string())
          throw Error(ErrorCode::invalid_argument,
                      at + ".content: only text parts ({\"type\": \"text\", \"text\": ...}) are supported");
        content += (content.empty() ? "" : "\n") + part["text"].get<std::string>();
      }
    } else if (!c.is_null()) {
      throw Error(ErrorCode::invalid_argument, at + ".content must be a string or an array of text parts");
    }
    out.push_back({role.get<std::string>(), std::move(content)});
  }
  return out;
}

}  // namespace lore::server
