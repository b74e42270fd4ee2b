// Recognising legacy binary Office files (Word/Excel/PowerPoint 97-2003:
// OLE2 compound files, signature D0 CF 11 E0 A1 B1 1A E1), which Lore does not
// parse, so that they fail with advice instead of "not a zip archive".
#pragma once

#include <string>
#include <string_view>

namespace lore::parse::office {

// When `bytes` are an OLE2 compound file, throws Error{unsupported}:
//   "old.doc: this is a legacy Microsoft Office file (Word 97-2003); convert it
//    to .docx (e.g. libreoffice --headless --convert-to docx old.doc)"
// The application comes from the compound file's stream names (WordDocument,
// Workbook/Book, PowerPoint Document), else from the extension. A compound
// file holding an encrypted Office Open XML package (EncryptionInfo stream) is
// bad_input instead: "x.docx: password-protected Office file; ...".
// Returns normally for any other bytes.
void reject_compound_file(std::string_view source_name, std::string_view extension, std::string_view bytes);

}  // namespace lore::parse::office
