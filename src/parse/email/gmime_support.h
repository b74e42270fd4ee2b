// Internal to src/parse/email: GMime plumbing shared by the email parser.
//
// Ownership: GPtr<T> owns one GObject reference (g_object_unref on reset);
// GCharPtr owns a g_malloc'ed string. Functions that return GMime objects
// "borrowed" do not add a reference: the object lives as long as its parent.
// Thread-safety: every function is reentrant once ensure_gmime_initialized()
// has run (it is itself safe to call from many threads at once).
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/text.h"

namespace lore::parse::email {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

// A GMime string as UTF-8, "" for null. GMime passes raw 8-bit header bytes
// through undecoded when no charset fits, so invalid bytes become U+FFFD.
inline std::string str(const char* p) { return p ? text::to_valid_utf8(p) : std::string(); }
inline std::string str(const GCharPtr& p) { return str(p.get()); }

// g_mime_init() exactly once per process (std::call_once).
void ensure_gmime_initialized();

// The bytes of a stream written by `write` into a fresh memory stream.
// `write` receives the GMimeStream* to fill.
template <class Write>
std::string collect_stream(Write&& write) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  write(stream.get());
  const GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  if (!array || array->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

// The content of a leaf part with its transfer encoding (base64,
// quoted-printable, uuencode) undone; the charset is untouched.
std::string part_content(GMimePart* part);

// The whole object (headers and body) serialised as RFC 5322 bytes.
std::string object_bytes(GMimeObject* object);

// Converts `bytes` in `charset` (may be empty or unknown) to UTF-8 with LF
// line endings. Never throws and never fails: a declared charset is tried
// first (ISO-8859-1 read as its superset windows-1252, as mail clients do),
// then valid UTF-8 is kept, then the charset is detected; bytes that still do
// not decode become U+FFFD. NUL bytes are dropped.
std::string to_utf8(std::string_view bytes, std::string_view charset);

// Undoes quoted-printable encoding ("=3D", "=20", soft line breaks "=\n").
std::string decode_quoted_printable(std::string_view text);

// True when `text` carries quoted-printable escapes although its part did not
// declare that transfer encoding (a common artefact of broken mailers): soft
// line breaks or "=3D"/"=20"-style escapes, several of them.
bool looks_quoted_printable(std::string_view text);

}  // namespace lore::parse::email
