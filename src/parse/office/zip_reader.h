// Reading an Office Open XML package (a zip archive) from memory, with
// zip-bomb protection.
//
// The archive is opened with libzip over the caller's bytes (no copy): the
// bytes must outlive the ZipArchive. Part names are matched case-insensitively
// (OPC part names are case-insensitive) and a leading '/' is ignored.
//
// Limits: an archive whose declared uncompressed sizes add up to more than
// ZipLimits::max_total_bytes is refused at open. Each part is checked when it
// is read: its declared size against max_entry_bytes, its compression ratio
// (for parts larger than ratio_min_bytes) against max_ratio, and the bytes
// actually inflated against the declared size and the running total, because
// declared sizes can lie. Media parts are never inflated by the parsers, so
// only the parts a parser reads are ratio-checked.
//
// Errors (lore::Error, message starting with the source name):
//   bad_input  "x.docx: not a valid DOCX (zip archive unreadable: ...)",
//              "x.docx: encrypted or legacy binary Office file; ..." (OLE
//              compound file), "x.docx: not a valid DOCX (part ... is corrupt: ...)"
//   too_large  "x.docx: ... looks like a zip bomb ..."
// Thread-safety: one ZipArchive per thread; distinct instances are independent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace lore::parse::office {

struct ZipLimits {
  // Sum of declared uncompressed sizes; no real document comes near it, and
  // the parsers' DOMs cost a small multiple of it in memory.
  uint64_t max_total_bytes = 512ull << 20;
  // One part (e.g. a worksheet's XML) when inflated.
  uint64_t max_entry_bytes = 256ull << 20;
  // XML compresses about 10:1, very repetitive sheets under 100:1; runs of
  // zeros reach ~1000:1, which is how zip bombs are built.
  double max_ratio = 200.0;
  // Small parts cannot hurt whatever their ratio (an empty XML part
  // compresses very well), so the ratio is only checked above this size.
  uint64_t ratio_min_bytes = 1ull << 20;
  // Entries in the central directory; a real package has at most thousands.
  uint64_t max_entries = 100000;
};

class ZipArchive {
 public:
  // `format` names the expected kind in messages ("DOCX", "XLSX", "PPTX").
  // Throws as described above.
  ZipArchive(std::string_view bytes, std::string source_name, std::string format, ZipLimits limits = {});
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::string& source_name() const { return source_name_; }
  const std::string& format() const { return format_; }

  bool contains(std::string_view part) const;

  // The inflated bytes of `part`, or nullopt when the archive has no such
  // part. Throws too_large when the part breaks a limit, bad_input when it
  // cannot be inflated (corrupt data, bad CRC).
  std::optional<std::string> read(std::string_view part);

 private:
  // Index of `part` in the archive, or -1.
  int64_t locate(std::string_view part) const;
  [[noreturn]] void bomb(const std::string& why) const;

  std::string source_name_;
  std::string format_;
  ZipLimits limits_;
  zip* archive_ = nullptr;
  uint64_t inflated_total_ = 0;  // bytes inflated so far; never above limits_.max_total_bytes
};

// True when `bytes` start with the OLE compound-file signature (D0 CF 11 E0
// A1 B1 1A E1): legacy .doc/.xls/.ppt, or an encrypted OOXML file, which
// Office wraps in a compound file with EncryptionInfo/EncryptedPackage streams.
bool is_ole_compound_file(std::string_view bytes);

}  // namespace lore::parse::office
