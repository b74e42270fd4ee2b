#include "parse/office/legacy_office.h"

#include "core/error.h"
#include "parse/office/zip_reader.h"

namespace lore::parse::office {

namespace {

// Directory entry names in a compound file are UTF-16LE.
bool has_stream(std::string_view bytes, std::string_view ascii_name) {
  std::string utf16;
  for (char c : ascii_name) {
    utf16 += c;
    utf16 += '\0';
  }
  return bytes.find(utf16) != std::string_view::npos;
}

struct Kind {
  const char* app;
  const char* target;  // extension without the dot, also LibreOffice's filter name
};

Kind kind_of(std::string_view ext, std::string_view bytes) {
  if (has_stream(bytes, "WordDocument")) return {"Word 97-2003", "docx"};
  if (has_stream(bytes, "PowerPoint Document")) return {"PowerPoint 97-2003", "pptx"};
  if (has_stream(bytes, "Workbook") || has_stream(bytes, "Book")) return {"Excel 97-2003", "xlsx"};
  if (ext == ".xls" || ext == ".xlt" || ext == ".xlsx") return {"Excel 97-2003", "xlsx"};
  if (ext == ".ppt" || ext == ".pps" || ext == ".pot" || ext == ".pptx")
    return {"PowerPoint 97-2003", "pptx"};
  return {"Word 97-2003", "docx"};
}

}  // namespace

void reject_compound_file(std::string_view source_name, std::string_view extension, std::string_view bytes) {
  if (!is_ole_compound_file(bytes)) return;
  const std::string name(source_name);
  if (has_stream(bytes, "EncryptionInfo"))
    throw Error(ErrorCode::bad_input, name +
                                          ": password-protected Office file; remove the password in Office, "
                                          "save again and retry");
  const Kind k = kind_of(extension, bytes);
  throw Error(ErrorCode::unsupported, name + ": this is a legacy Microsoft Office file (" + k.app +
                                          "); convert it to ." + k.target + " (e.g. libreoffice --headless " +
                                          "--convert-to " + k.target + " " + name + ")");
}

}  // namespace lore::parse::office
