// Internal to index/postgres: BM25 search (with optional RM3 feedback) over
// the postings tables of pg_text_index.cpp, scoring exactly as the Xapian
// index does (see query_compiler.h for the formula).
#pragma once

#include <cstdint>
#include <vector>

#include <pqxx/pqxx>

#include "index/text_index.h"
#include "index/xapian/query_builder.h"

namespace lore::index::postgres {

std::vector<TextHit> search_bm25(pqxx::transaction_base& tx, int64_t kb_id, const TextQuery& query,
                                 const xapian::QueryBuilder& builder);

}  // namespace lore::index::postgres
