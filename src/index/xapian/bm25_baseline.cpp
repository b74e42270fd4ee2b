#include "index/bm25_baseline.h"

#include <unistd.h>

#include <optional>

#include <xapian.h>

#include "core/error.h"

namespace lore::index {

struct Bm25Baseline::Impl {
  std::filesystem::path dir;
  std::optional<Xapian::WritableDatabase> db;
  Xapian::QueryParser parser;
};

Bm25Baseline::Bm25Baseline(const std::vector<BaselineDocument>& documents) : impl_(std::make_unique<Impl>()) {
  std::string pattern = (std::filesystem::temp_directory_path() / "lore-bm25-baseline-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw Error(ErrorCode::io, pattern + ": cannot create a temporary directory");
  impl_->dir = pattern;
  try {
    impl_->db.emplace(impl_->dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    for (const auto& d : documents) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(d.title);
      generator.increase_termpos();
      generator.index_text(d.text);
      doc.set_data(d.id);
      impl_->db->add_document(doc);
    }
    impl_->db->commit();
    impl_->parser.set_stemmer(Xapian::Stem("english"));
    impl_->parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    impl_->parser.set_default_op(Xapian::Query::OP_OR);
    impl_->parser.set_database(*impl_->db);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::io, impl_->dir.string() + ": baseline index failed: " + e.get_description());
  }
}

Bm25Baseline::~Bm25Baseline() {
  impl_->db.reset();
  std::error_code ec;
  std::filesystem::remove_all(impl_->dir, ec);
}

std::vector<std::pair<std::string, double>> Bm25Baseline::search(const std::string& query, size_t k) {
  std::vector<std::pair<std::string, double>> out;
  try {
    Xapian::Query q;
    try {
      q = impl_->parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError&) {
      q = impl_->parser.parse_query(query, 0);
    }
    Xapian::Enquire enquire(*impl_->db);
    enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
    enquire.set_query(q);
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(k));
    for (auto it = mset.begin(); it != mset.end(); ++it)
      out.emplace_back(it.get_document().get_data(), it.get_weight());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::io, impl_->dir.string() + ": baseline search failed: " + e.get_description());
  }
  return out;
}

}  // namespace lore::index
