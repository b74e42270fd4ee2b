#include "server/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/error.h"
#include "core/hash.h"

namespace lore::server {

namespace {

constexpr size_t kPrefixBytes = 6;   // 12 hex chars
constexpr size_t kSecretBytes = 24;  // 48 hex chars: 192 bits
constexpr size_t kSaltBytes = 16;

std::string random_hex(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1)
    throw Error(ErrorCode::internal, "OpenSSL could not produce random bytes for an API key");
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool is_hex(std::string_view s) { return s.find_first_not_of("0123456789abcdef") == std::string_view::npos; }

std::string secret_of(const std::string& plaintext) { return plaintext.substr(5 + 2 * kPrefixBytes + 1); }

}  // namespace

NewApiKey generate_api_key(store::Id tenant_id, const std::string& name, bool admin) {
  NewApiKey k;
  const std::string prefix = random_hex(kPrefixBytes), secret = random_hex(kSecretBytes);
  k.plaintext = "lore_" + prefix + "_" + secret;
  k.record.tenant_id = tenant_id;
  k.record.name = name;
  k.record.prefix = prefix;
  k.record.salt = random_hex(kSaltBytes);
  k.record.hash = sha256_hex(k.record.salt + secret);
  k.record.admin = admin;
  return k;
}

std::optional<std::string> api_key_prefix(const std::string& p) {
  const size_t expected = 5 + 2 * kPrefixBytes + 1 + 2 * kSecretBytes;
  if (p.size() != expected || p.compare(0, 5, "lore_") != 0 || p[5 + 2 * kPrefixBytes] != '_')
    return std::nullopt;
  const std::string prefix = p.substr(5, 2 * kPrefixBytes);
  if (!is_hex(prefix) || !is_hex(secret_of(p))) return std::nullopt;
  return prefix;
}

bool api_key_matches(const std::string& plaintext, const store::ApiKey& record) {
  if (!api_key_prefix(plaintext)) return false;
  const std::string hash = sha256_hex(record.salt + secret_of(plaintext));
  return hash.size() == record.hash.size() &&
         CRYPTO_memcmp(hash.data(), record.hash.data(), hash.size()) == 0;
}

}  // namespace lore::server
