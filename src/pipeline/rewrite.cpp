#include "pipeline/rewrite.h"

#include <set>

#include "core/text.h"
#include "models/builtin/lexical.h"
#include "pipeline/prompt.h"
#include "pipeline/stream_filter.h"

namespace lore::pipeline {

namespace {

constexpr size_t kTurnTokens = 200;  // each history turn is cut to this in the rewrite prompt

const std::set<std::string>& pronouns() {
  static const std::set<std::string> words = {"it",   "its",   "they",  "them",   "their", "this",
                                              "that", "these", "those", "he",     "she",   "him",
                                              "her",  "one",   "ones",  "former", "latter"};
  return words;
}

const std::vector<std::string>& cjk_references() {
  static const std::vector<std::string> refs = {"它", "它们", "其", "这个", "那个", "这些", "那些",
                                                "该", "此",   "他", "她",   "上述", "前者", "后者"};
  return refs;
}

const std::vector<std::string>& openers() {
  static const std::vector<std::string> o = {"and ",  "but ", "also ", "what about", "how about",
                                             "then ", "so ",  "or ",   "那么",       "那",
                                             "还有",  "另外", "以及"};
  return o;
}

std::string lower_words_spaced(std::string_view s) {
  std::string out = " ";
  for (char c : text::ascii_lower(s)) out += std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
  return out + " ";
}

Rewrite deterministic(std::string_view question, const std::vector<models::ChatMessage>& history) {
  if (!looks_elliptical(question)) return {std::string(question), "none"};
  std::set<std::string> have;
  for (const auto& t : models::builtin::extract_terms(question)) have.insert(t.text);
  std::vector<std::string> added;
  // Most recent user turns first: that is what "it" most likely refers to.
  for (size_t i = history.size(); i-- > 0 && added.size() < kRewriteKeywords;) {
    if (history[i].role != "user") continue;
    for (const auto& k : models::builtin::keywords(history[i].content)) {
      if (added.size() >= kRewriteKeywords) break;
      const auto terms = models::builtin::extract_terms(k);
      if (terms.empty() || have.count(terms.front().text)) continue;
      have.insert(terms.front().text);
      added.push_back(k);
    }
  }
  if (added.empty()) return {std::string(question), "none"};
  std::string out(text::trim(question));
  for (const auto& k : added) out += " " + k;
  return {out, "keywords"};
}

}  // namespace

bool looks_elliptical(std::string_view question) {
  const std::string q(text::trim(question));
  const std::string spaced = lower_words_spaced(q);
  for (const auto& p : pronouns())
    if (spaced.find(" " + p + " ") != std::string::npos) return true;
  for (const auto& r : cjk_references())
    if (q.find(r) != std::string::npos) return true;
  const std::string lower = text::ascii_lower(q);
  for (const auto& o : openers())
    if (lower.rfind(o, 0) == 0) return true;
  size_t content = 0;
  for (const auto& t : models::builtin::extract_terms(q)) content += t.coverage ? 1 : 0;
  return content <= 2;
}

Rewrite rewrite_query(std::string_view question, const std::vector<models::ChatMessage>& history,
                      models::ChatModel* chat) {
  if (history.empty()) return {std::string(question), "none"};
  if (!chat) return deterministic(question, history);

  std::string conversation;
  const size_t from = history.size() > kRewriteTurns ? history.size() - kRewriteTurns : 0;
  for (size_t i = from; i < history.size(); ++i)
    conversation += (history[i].role == "user" ? "User: " : "Assistant: ") +
                    std::string(truncate_to_tokens(history[i].content, kTurnTokens)) + "\n";
  const std::vector<models::ChatMessage> messages = {
      {"system",
       "Rewrite the user's last question as one standalone question that can be understood without the "
       "conversation: resolve pronouns and omitted subjects from the conversation, keep the question's "
       "language, add nothing else. Reply with the question only."},
      {"user", "Conversation:\n" + conversation + "\nLast question: " + std::string(question)}};
  const std::string reply = chat->complete(messages, {});
  ThinkFilter think;
  std::string visible = think.feed(reply) + think.finish();
  std::string line;
  for (size_t pos = 0; pos <= visible.size() && line.empty();) {
    size_t eol = visible.find('\n', pos);
    if (eol == std::string::npos) eol = visible.size();
    line = std::string(text::trim(visible.substr(pos, eol - pos)));
    pos = eol + 1;
  }
  if (line.empty() || line.size() > 4 * question.size() + 400) return deterministic(question, history);
  return {line, "llm"};
}

}  // namespace lore::pipeline
