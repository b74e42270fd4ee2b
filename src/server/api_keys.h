// API keys: "lore_<prefix>_<secret>". The prefix (12 hex chars) is public and
// finds the row; only SHA-256(salt || secret) is stored, with a random salt
// per key. The plaintext key exists once, in the response that creates it.
#pragma once

#include <optional>
#include <string>

#include "store/store.h"

namespace lore::server {

struct NewApiKey {
  std::string plaintext;  // show once, never store
  store::ApiKey record;   // what the store keeps
};

NewApiKey generate_api_key(store::Id tenant_id, const std::string& name, bool admin);

// The prefix of a well-formed key, nullopt for anything else.
std::optional<std::string> api_key_prefix(const std::string& plaintext);

// Constant-time check of `plaintext` against the stored salted hash.
bool api_key_matches(const std::string& plaintext, const store::ApiKey& record);

}  // namespace lore::server
