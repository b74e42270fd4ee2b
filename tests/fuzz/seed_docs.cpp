// See seed_docs.h. Plain data: every string here is a small document.
#include "fuzz/seed_docs.h"

namespace lore::fuzz::seeds {

namespace {

// "中文" etc. in legacy encodings, written as bytes.
const std::string kGbkText =
    "\xD6\xD0\xCE\xC4\xB2\xE2\xCA\xD4\xA3\xAC\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6\xA1\xA3\n";
const std::string kLatin1Text =
    "Caf\xE9 cr\xE8me br\xFBl\xE9"
    "e, tr\xE8s bon march\xE9.\r\nSecond line.\r\n";
const std::string kShiftJis =
    "\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x83\x65\x83\x4C\x83\x58\x83\x67\x82\xC5\x82\xB7\x81\x42\n";

std::string utf16le(const std::string& ascii, bool bom) {
  std::string out = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

const std::string kEmlAlternative =
    "From: =?UTF-8?B?5byg5LiJ?= <zhang@example.cn>\nTo: b@example.com, \"Doe, J\" <j@example.com>\n"
    "Subject: =?ISO-8859-1?Q?Caf=E9?= news\nDate: Mon, 1 Jan 2024 10:00:00 +0100\nMIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=\"XX\"\n\n"
    "--XX\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
    "Caf=E9 cr=E8me, tr=E8s bon =\nmarch=E9.\n"
    "--XX\nContent-Type: text/html; charset=utf-8\n\n<p>HTML <b>version</b> &amp; "
    "more.</p><script>x=1</script>\n"
    "--XX--\n";

const std::string kEmlAttachments =
    "From: a@example.com\nTo: b@example.com\nSubject: Files\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
    "--B\nContent-Type: text/plain\n\nSee the attached files.\n"
    "--B\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; "
    "filename=\"notes.txt\"\n"
    "Content-Transfer-Encoding: base64\n\nTWVldGluZyBub3RlczogYnVkZ2V0IGFwcHJvdmVkLgo=\n"
    "--B\nContent-Type: text/csv\nContent-Disposition: attachment; filename=\"amounts.csv\"\n"
    "Content-Transfer-Encoding: base64\n\nTmFtZSxBbW91bnQKQWxpY2UsMTAKQm9iLDIwCg==\n"
    "--B\nContent-Type: application/json\nContent-Disposition: attachment; filename=\"data.json\"\n\n"
    "{\"a\": [1, 2, {\"b\": \"c\"}]}\n"
    "--B\nContent-Type: message/rfc822\n\n"
    "From: c@example.com\nSubject: Plans\nContent-Type: text/html\n\n<h1>Plans</h1><p>We launch in "
    "March.</p>\n"
    "--B\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
    "--B--\n";

const std::string kMbox =
    "From alice@example.com Mon Jan  1 10:00:00 2024\n"
    "From: alice@example.com\nSubject: First\n\nBody one.\n\n"
    "From bob@example.com Mon Jan  1 11:00:00 2024\n"
    "From: bob@example.com\nSubject: Second\nContent-Type: text/plain; charset=gbk\n\n" +
    kGbkText + ">From the archive.\n";

const std::string kMarkdown =
    "---\ntitle: Front matter\n---\n# Title\n\nSome *emphasis*, `code`, a [link](http://x.y) and "
    "<b>html</b>.\n\n"
    "## Section\n\n- item one\n  - nested item\n- item two\n\n1. first\n2. second\n\n"
    "| Name | Qty |\n|:-----|----:|\n| a \\| b | 1 |\n| c | 2 |\n\n```cpp\nint main() {}\n```\n\n"
    "> quoted\n\nSetext heading\n--------------\n\n![alt text](img.png)\n\nTerm[^1]\n\n[^1]: Footnote.\n";

const std::string kHtml =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Page title</title>"
    "<style>p{color:red}</style><script>var a = '<p>';</script></head><body>"
    "<h1>Heading</h1><p>Para &amp; entity &eacute; &#x4E2D; &nbsp;text<br>next line</p>"
    "<ul><li>one</li><li>two<ol><li>nested</li></ol></li></ul>"
    "<table><caption>Table 1: Data</caption><thead><tr><th colspan=\"2\">Wide</th><th>C</th></tr></thead>"
    "<tbody><tr><td "
    "rowspan=\"2\">tall</td><td>b1</td><td>c1</td></tr><tr><td>b2</td><td>c2</td></tr></tbody></table>"
    "<pre><code>code block</code></pre><blockquote>quote</blockquote><figure><img alt=\"pic\" src=\"x.png\">"
    "<figcaption>Figure 1</figcaption></figure><h2>Sub</h2><div>div text<span> "
    "span</span></div></body></html>\n";

}  // namespace

std::vector<std::pair<std::string, Files>> text_seeds() {
  return {
      {"txt",
       {{"utf8.txt",
         "First paragraph of plain text.\nSecond "
         "line.\n\n\xE4\xB8\xAD\xE6\x96\x87\xE6\xAE\xB5\xE8\x90\xBD\xE3\x80\x82\n\n"
         "1. A numbered line\n\f\nAfter a form feed.\n"},
        {"bom-utf8.txt", "\xEF\xBB\xBFWith a BOM.\r\nCRLF lines.\r\n"},
        {"gbk.txt", kGbkText},
        {"latin1.txt", kLatin1Text},
        {"shift-jis.txt", kShiftJis},
        {"utf16le-bom.txt", utf16le("UTF-16 text with a BOM.\n", true)},
        {"utf16le.txt", utf16le("UTF-16 text without BOM.\n", false)},
        {"utf16be-bom.txt", std::string("\xFE\xFF\0H\0i\0\n", 8)}}},
      {"md", {{"features.md", kMarkdown}, {"plain.md", "Just a paragraph.\n\nAnother one.\n"}}},
      {"html",
       {{"page.html", kHtml},
        {"gbk-meta.html",
         "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body><p>" +
             kGbkText + "</p></body></html>"},
        {"fragment.html",
         "<p>Unclosed <b>bold <i>italic</p><table><tr><td>x</table>&bogus; &#0; &#xFFFFFF;"}}},
      {"csv",
       {{"simple.csv", "Name,Amount,Date\nAlice,10,2024-01-01\nBob,20,2024-02-01\n"},
        {"quoted.csv",
         "\"Name, full\",\"Note\"\r\n\"Doe, J\",\"says \"\"hi\"\"\non two "
         "lines\"\r\n,\r\nragged,row,with,more\r\n"},
        {"semicolon.csv", "a;b;c\n1;2;3\n"},
        {"gbk.csv", "\xC3\xFB\xB3\xC6,\xCA\xFD\xC1\xBF\n" + kGbkText}}},
      {"json",
       {{"object.json",
         "{\"title\": \"Doc\", \"n\": 1.5e3, \"ok\": true, \"none\": null, \"nested\": {\"list\": [1, "
         "\"two\", "
         "{\"three\": [3]}]}, \"text\": \"esc \\u4e2d \\ud83d\\ude00 \\n\"}\n"},
        {"records.json",
         "[{\"q\": \"What is Lore?\", \"a\": \"A document engine.\"}, {\"q\": \"Why?\", \"a\": "
         "\"Answers.\"}]\n"},
        {"scalar.json", "\"just a string\"\n"}}},
      {"jsonl",
       {{"lines.jsonl",
         "{\"id\": 1, \"text\": \"first\"}\n{\"id\": 2, \"text\": \"second\", \"tags\": [\"a\"]}\n\n[1,2]\n"},
        {"bad-line.jsonl", "{\"id\": 1}\n{not json\n"}}},
      {"eml",
       {{"alternative.eml", kEmlAlternative},
        {"attachments.eml", kEmlAttachments},
        {"inbox.mbox.eml", kMbox}}},
      {"encoding",
       {{"gbk-declared", "charset=gbk\n" + kGbkText},
        {"latin1-declared", "charset=iso-8859-1\n" + kLatin1Text},
        {"utf16", utf16le("charset is not declared here\n", false)},
        {"html-sniff",
         "<html><head><meta charset=\"shift_jis\"></head><body>" + kShiftJis + "</body></html>"},
        {"plain", "Plain ASCII text, sniffed as text.\n"}}},
  };
}

}  // namespace lore::fuzz::seeds
