#include "index/postgres/pg_indexes.h"
#include "index/postgres/pg_util.h"

namespace lore::index {

void drop_pg_indexes(const std::string& url, int64_t kb_id) {
  postgres::PgConnection conn(url, postgres::PgConnection::labelled(
                                       "PostgreSQL indexes of knowledge base " + std::to_string(kb_id), url));
  conn.run("drop", [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const std::string kb = std::to_string(kb_id);
    // Tables exist only once an index of that kind was opened.
    if (!tx.exec("SELECT to_regclass('lore_text_state')")[0][0].is_null()) {
      tx.exec("DELETE FROM lore_text_postings WHERE kb_id = " + kb);
      tx.exec("DELETE FROM lore_text_chunks WHERE kb_id = " + kb);
      tx.exec("DELETE FROM lore_text_state WHERE kb_id = " + kb);
    }
    if (!tx.exec("SELECT to_regclass('lore_vector_tables')")[0][0].is_null()) {
      for (const auto& row : tx.exec("DELETE FROM lore_vector_tables WHERE kb_id = " + kb + " RETURNING id"))
        tx.exec("DROP TABLE IF EXISTS lore_vectors_" + row[0].as<std::string>());
    }
    tx.commit();
  });
}

}  // namespace lore::index
