#include "pipeline/beir.h"

#include <zlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/fs.h"
#include "core/text.h"

namespace lore::pipeline::beir {

namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return it->dump();
}

template <typename F>
void for_each_json_line(const std::filesystem::path& path, F f) {
  const std::string data = read_maybe_gzip(path);
  size_t line_no = 0;
  for (size_t start = 0; start < data.size();) {
    size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    ++line_no;
    const std::string_view line = text::trim(std::string_view(data).substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorCode::invalid_argument,
                  path.string() + ":" + std::to_string(line_no) + ": not a JSON object: " + e.what());
    }
    if (!j.is_object() || string_field(j, "_id").empty())
      throw Error(ErrorCode::invalid_argument,
                  path.string() + ":" + std::to_string(line_no) + ": object without \"_id\"");
    f(j, line);
  }
}

}  // namespace

std::string read_maybe_gzip(const std::filesystem::path& path) {
  std::string raw = fs::read_file(path);
  if (raw.size() < 2 || static_cast<unsigned char>(raw[0]) != 0x1f ||
      static_cast<unsigned char>(raw[1]) != 0x8b)
    return raw;
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip header.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw Error(ErrorCode::internal, "zlib initialisation failed");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw Error(ErrorCode::invalid_argument, path.string() + ": corrupt gzip data (" +
                                                   (zs.msg ? std::string(zs.msg) : "truncated") + ")");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw Error(ErrorCode::invalid_argument, path.string() + ": truncated gzip data");
    }
  }
  inflateEnd(&zs);
  return out;
}

std::filesystem::path find_file(const std::filesystem::path& dir, const std::string& stem) {
  for (const char* ext : {".jsonl", ".jsonl.gz"}) {
    const auto p = dir / (stem + ext);
    if (std::filesystem::exists(p)) return p;
  }
  throw Error(ErrorCode::not_found, (dir / (stem + ".jsonl")).string() + ": not found (nor " + stem +
                                        ".jsonl.gz); is " + dir.string() + " a BEIR collection?");
}

std::vector<CorpusEntry> load_corpus(const std::filesystem::path& dir) {
  std::vector<CorpusEntry> out;
  for_each_json_line(find_file(dir, "corpus"), [&](const nlohmann::json& j, std::string_view line) {
    out.push_back(
        {string_field(j, "_id"), string_field(j, "title"), string_field(j, "text"), std::string(line)});
  });
  return out;
}

std::vector<Query> load_queries(const std::filesystem::path& dir) {
  std::vector<Query> out;
  for_each_json_line(find_file(dir, "queries"), [&](const nlohmann::json& j, std::string_view) {
    out.push_back({string_field(j, "_id"), string_field(j, "text")});
  });
  return out;
}

std::string default_split(const std::filesystem::path& dir) {
  std::vector<std::string> splits;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "qrels", ec)) {
    std::string name = entry.path().filename().string();
    for (const std::string suffix : {".tsv.gz", ".tsv"})
      if (name.size() > suffix.size() && name.ends_with(suffix)) {
        splits.push_back(name.substr(0, name.size() - suffix.size()));
        break;
      }
  }
  std::sort(splits.begin(), splits.end());
  if (std::find(splits.begin(), splits.end(), "test") != splits.end()) return "test";
  if (splits.size() == 1) return splits[0];
  std::string listed;
  for (const auto& s : splits) listed += (listed.empty() ? "" : ", ") + s;
  throw Error(ErrorCode::not_found,
              (dir / "qrels").string() + (splits.empty()
                                              ? ": no <split>.tsv judgements"
                                              : ": no test split; choose one with --split (" + listed + ")"));
}

Qrels load_qrels(const std::filesystem::path& dir, const std::string& split) {
  auto path = dir / "qrels" / (split + ".tsv");
  if (!std::filesystem::exists(path) && std::filesystem::exists(path.string() + ".gz")) path += ".gz";
  if (!std::filesystem::exists(path))
    throw Error(ErrorCode::not_found,
                path.string() + ": no relevance judgements for split \"" + split + "\"");
  const std::string data = read_maybe_gzip(path);
  std::istringstream in(data);
  std::string line;
  Qrels qrels;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (text::trim(line).empty()) continue;
    std::istringstream fields(line);
    std::string qid, did, score;
    fields >> qid >> did >> score;
    if (line_no == 1 && qid == "query-id") continue;  // header
    int rel = 0;
    try {
      size_t used = 0;
      rel = std::stoi(score, &used);
      if (used != score.size()) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      throw Error(ErrorCode::invalid_argument, path.string() + ":" + std::to_string(line_no) +
                                                   ": expected \"query-id<TAB>corpus-id<TAB>score\", got \"" +
                                                   line + "\"");
    }
    qrels[qid][did] = rel;
  }
  if (qrels.empty()) throw Error(ErrorCode::invalid_argument, path.string() + ": no judgements");
  return qrels;
}

}  // namespace lore::pipeline::beir
