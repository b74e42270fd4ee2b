#include "parse/office/zip_reader.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

#include "core/error.h"
#include "core/text.h"

namespace lore::parse::office {

namespace {

constexpr std::array<unsigned char, 8> kOleSignature = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

// Inflation happens in pieces of this size so a lying declared size costs at
// most one piece beyond the limit.
constexpr size_t kReadChunk = 64 * 1024;

// "EncryptionInfo" as the UTF-16LE directory entry name of an encrypted OOXML
// package inside its compound file.
bool mentions_encryption_info(std::string_view bytes) {
  static const std::string kName = [] {
    std::string s;
    for (char c : std::string_view("EncryptionInfo")) {
      s += c;
      s += '\0';
    }
    return s;
  }();
  return bytes.find(kName) != std::string_view::npos;
}

std::string strip_slash(std::string_view part) {
  while (!part.empty() && part.front() == '/') part.remove_prefix(1);
  return std::string(part);
}

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

bool is_ole_compound_file(std::string_view bytes) {
  if (bytes.size() < kOleSignature.size()) return false;
  for (size_t i = 0; i < kOleSignature.size(); ++i)
    if (static_cast<unsigned char>(bytes[i]) != kOleSignature[i]) return false;
  return true;
}

ZipArchive::ZipArchive(std::string_view bytes, std::string source_name, std::string format, ZipLimits limits)
    : source_name_(std::move(source_name)), format_(std::move(format)), limits_(limits) {
  if (is_ole_compound_file(bytes)) {
    const std::string why = mentions_encryption_info(bytes)
                                ? "this one is password-protected; remove the password in Office and save again"
                                : "save it in the Office Open XML format (." + text::ascii_lower(format_) + ") and try again";
    throw Error(ErrorCode::bad_input, source_name_ + ": encrypted or legacy binary Office file; " + why);
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source != nullptr) {
    archive_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    // On failure the source is still ours to free; on success the archive owns it.
    if (archive_ == nullptr) zip_source_free(source);
  }
  if (archive_ == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error(ErrorCode::bad_input,
                source_name_ + ": not a valid " + format_ + " (zip archive unreadable: " + why + ")");
  }
  zip_error_fini(&error);

  const zip_int64_t entries = zip_get_num_entries(archive_, 0);
  if (entries < 0 || static_cast<uint64_t>(entries) > limits_.max_entries)
    bomb(std::to_string(entries) + " entries (limit " + std::to_string(limits_.max_entries) + ")");
  uint64_t declared_total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
      continue;
    declared_total += st.size;
    // Checked inside the loop so that the sum cannot overflow.
    if (declared_total > limits_.max_total_bytes)
      bomb("declared uncompressed size over " + std::to_string(limits_.max_total_bytes >> 20) + " MiB");
  }
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

void ZipArchive::bomb(const std::string& why) const {
  throw Error(ErrorCode::too_large, source_name_ + ": " + format_ + " archive looks like a zip bomb (" + why +
                                        "); refusing to unpack it");
}

int64_t ZipArchive::locate(std::string_view part) const {
  const std::string name = strip_slash(part);
  return zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
}

bool ZipArchive::contains(std::string_view part) const { return locate(part) >= 0; }

std::optional<std::string> ZipArchive::read(std::string_view part) {
  const int64_t index = locate(part);
  if (index < 0) return std::nullopt;
  const std::string name = strip_slash(part);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw Error(ErrorCode::bad_input, source_name_ + ": not a valid " + format_ + " (part " + name +
                                          " is unreadable: " + zip_strerror(archive_) + ")");
  if (st.size > limits_.max_entry_bytes)
    bomb("part " + name + " declares " + std::to_string(st.size >> 20) + " MiB, limit " +
         std::to_string(limits_.max_entry_bytes >> 20) + " MiB");
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > limits_.ratio_min_bytes) {
    const double ratio = static_cast<double>(st.size) / static_cast<double>(std::max<zip_uint64_t>(st.comp_size, 1));
    if (ratio > limits_.max_ratio)
      bomb("part " + name + " compression ratio " + std::to_string(static_cast<long long>(ratio)) +
           ":1, limit " + std::to_string(static_cast<long long>(limits_.max_ratio)) + ":1");
  }

  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0));
  if (!file)
    throw Error(ErrorCode::bad_input, source_name_ + ": not a valid " + format_ + " (part " + name +
                                          " is unreadable: " + zip_strerror(archive_) + ")");
  std::string out;
  out.reserve(static_cast<size_t>(st.size));
  std::string chunk(kReadChunk, '\0');
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0)
      throw Error(ErrorCode::bad_input, source_name_ + ": not a valid " + format_ + " (part " + name +
                                            " is corrupt: " + zip_file_strerror(file.get()) + ")");
    if (n == 0) break;
    out.append(chunk.data(), static_cast<size_t>(n));
    inflated_total_ += static_cast<uint64_t>(n);
    // libzip stops at the declared size for deflated data, but a stored or
    // odd entry must not make us buffer more than the limits allow.
    if (out.size() > st.size) bomb("part " + name + " inflates beyond its declared size");
    if (inflated_total_ > limits_.max_total_bytes)
      bomb("inflated data over " + std::to_string(limits_.max_total_bytes >> 20) + " MiB");
  }
  return out;
}

}  // namespace lore::parse::office
