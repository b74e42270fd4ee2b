// Documents, their chunks and the index outbox in the PostgreSQL Store.
#include "core/error.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_parts.h"

namespace lore::store::postgres {

namespace {

using nlohmann::json;

[[noreturn]] void document_not_found(Id document_id) {
  throw Error(ErrorCode::not_found, "document " + std::to_string(document_id) + " not found");
}

// Inserts `chunks` with ordinals first_ordinal.. in one statement; `kind`
// (when not null) overrides each chunk's kind. Returns the ids in order.
std::vector<Id> insert_chunks(Tx& tx, Id document_id, Id kb_id, int64_t first_ordinal,
                              const std::vector<NewChunk>& chunks, const char* kind) {
  std::vector<Id> ids(chunks.size());
  if (chunks.empty()) return ids;
  json rows = json::array();
  for (const auto& c : chunks)
    rows.push_back({{"kind", c.kind},
                    {"text", c.text},
                    {"positions", c.positions},
                    {"token_count", c.token_count},
                    {"metadata", c.metadata}});
  const auto r = tx.exec_params(
      "INSERT INTO chunks (document_id, kb_id, ordinal, kind, text, positions, token_count, metadata) "
      "SELECT $1, $2, $3 + e.n - 1, COALESCE($5, e.c->>'kind'), e.c->>'text', e.c->'positions', "
      "(e.c->>'token_count')::bigint, e.c->'metadata' "
      "FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(c, n) ORDER BY e.n RETURNING id, ordinal",
      document_id, kb_id, first_ordinal, rows.dump(), kind);
  for (const auto& row : r)
    ids.at(static_cast<size_t>(row[1].as<int64_t>() - first_ordinal)) = row[0].as<int64_t>();
  return ids;
}

// Deletes the knowledge base's cross-document RAPTOR tree, if any.
void drop_raptor_tree(Tx& tx, Id kb_id) {
  const auto r = tx.exec_params("DELETE FROM documents WHERE kb_id = $1 AND name = $2 RETURNING id", kb_id,
                                std::string(kRaptorDocument));
  for (const auto& row : r) record_index_op(tx, kb_id, row[0].as<int64_t>());
}

// The document's knowledge base, locking its row until the transaction ends.
Id lock_document(Tx& tx, Id document_id) {
  const auto r = tx.exec_params("SELECT kb_id FROM documents WHERE id = $1 FOR UPDATE", document_id);
  if (r.empty()) document_not_found(document_id);
  return r[0][0].as<int64_t>();
}

}  // namespace

void record_index_op(Tx& tx, Id kb_id, Id document_id) {
  tx.exec_params("INSERT INTO index_ops (kb_id, document_id) VALUES ($1, $2)", kb_id, document_id);
}

Id commit_document(Tx& tx, const NewDocument& doc, const std::vector<NewChunk>& chunks) {
  // A new version of a document that had chunks (not the queued or parsing
  // placeholder of a new one) makes the cross-document tree stale.
  bool replacing = false;
  if (doc.name != kRaptorDocument)
    replacing = !tx.exec_params(
                       "SELECT 1 FROM chunks WHERE document_id = "
                       "(SELECT id FROM documents WHERE kb_id = $1 AND name = $2) LIMIT 1",
                       doc.kb_id, doc.name)
                     .empty();
  const Id document_id = scalar(tx.exec_params(
      "INSERT INTO documents (kb_id, name, mime, size, sha256, status, error, metadata) "
      "VALUES ($1, $2, $3, $4, $5, 'indexing', '', $6::jsonb) "
      "ON CONFLICT (kb_id, name) DO UPDATE SET mime = excluded.mime, size = excluded.size, "
      "sha256 = excluded.sha256, status = 'indexing', error = '', metadata = excluded.metadata, "
      "updated_at = now() RETURNING id",
      doc.kb_id, doc.name, doc.mime, doc.size, doc.sha256, doc.metadata.dump()));
  if (replacing) drop_raptor_tree(tx, doc.kb_id);

  tx.exec_params("DELETE FROM chunks WHERE document_id = $1", document_id);
  const auto ids = insert_chunks(tx, document_id, doc.kb_id, 0, chunks, nullptr);
  insert_chunk_embeddings(tx, doc.kb_id, document_id, doc.embedding_model, chunks, ids);

  tx.exec_params("DELETE FROM document_blobs WHERE document_id = $1", document_id);
  json blobs = json::array();
  if (auto it = doc.metadata.find("figure_blobs"); it != doc.metadata.end() && it->is_array())
    for (const auto& sha : *it)
      if (sha.is_string()) blobs.push_back(sha);
  if (!blobs.empty())
    tx.exec_params(
        "INSERT INTO document_blobs (document_id, sha256) "
        "SELECT $1, s FROM jsonb_array_elements_text($2::jsonb) s ON CONFLICT DO NOTHING",
        document_id, blobs.dump());
  record_index_op(tx, doc.kb_id, document_id);
  return document_id;
}

QueuedIngest enqueue_ingest(Tx& tx, const NewDocument& doc, const json& payload) {
  QueuedIngest out;
  // ON CONFLICT DO NOTHING: two nodes queueing the same new name both succeed.
  const auto inserted = tx.exec_params(
      "INSERT INTO documents (kb_id, name, mime, size, sha256, status, metadata) "
      "VALUES ($1, $2, $3, $4, $5, 'queued', $6::jsonb) ON CONFLICT (kb_id, name) DO NOTHING RETURNING id",
      doc.kb_id, doc.name, doc.mime, doc.size, doc.sha256, doc.metadata.dump());
  if (!inserted.empty()) {
    out.document_id = inserted[0][0].as<int64_t>();
    out.new_document = true;
  } else {
    out.document_id = scalar(
        tx.exec_params("SELECT id FROM documents WHERE kb_id = $1 AND name = $2", doc.kb_id, doc.name));
  }
  json p = payload;
  p["document_id"] = out.document_id;
  out.job_id = create_job(tx, doc.kb_id, "ingest", p);
  return out;
}

void delete_document(Tx& tx, Id document_id) {
  const Id kb_id = lock_document(tx, document_id);
  tx.exec_params("DELETE FROM documents WHERE id = $1", document_id);
  record_index_op(tx, kb_id, document_id);
  drop_raptor_tree(tx, kb_id);  // a no-op when the deleted document was the tree itself
}

std::vector<Id> replace_summary_chunks(Tx& tx, Id document_id, const std::vector<NewChunk>& chunks,
                                       const std::string& embedding_model) {
  const Id kb_id = lock_document(tx, document_id);  // serializes the ordinal arithmetic below
  tx.exec_params("DELETE FROM chunks WHERE document_id = $1 AND kind = 'summary'", document_id);
  const int64_t first = scalar(tx.exec_params(
      "SELECT COALESCE(MAX(ordinal), -1) + 1 FROM chunks WHERE document_id = $1", document_id));
  const auto ids = insert_chunks(tx, document_id, kb_id, first, chunks, "summary");
  insert_chunk_embeddings(tx, kb_id, document_id, embedding_model, chunks, ids);
  record_index_op(tx, kb_id, document_id);
  return ids;
}

json update_document_metadata(Tx& tx, Id document_id, const json& patch) {
  const auto r = tx.exec_params("SELECT metadata FROM documents WHERE id = $1 FOR UPDATE", document_id);
  if (r.empty()) document_not_found(document_id);
  json metadata = json_field(r[0][0]);
  metadata.merge_patch(patch);
  tx.exec_params("UPDATE documents SET metadata = $1::jsonb, updated_at = now() WHERE id = $2",
                 metadata.dump(), document_id);
  return metadata;
}

void complete_index_ops(Tx& tx, const std::vector<IndexOp>& ops) {
  if (ops.empty()) return;
  std::vector<Id> op_ids, doc_ids;
  for (const auto& op : ops) {
    op_ids.push_back(op.id);
    doc_ids.push_back(op.document_id);
  }
  tx.exec_params("DELETE FROM index_ops WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)",
                 id_list(op_ids));
  tx.exec_params(
      "UPDATE documents SET status = 'done', updated_at = now() "
      "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND status = 'indexing' "
      "AND NOT EXISTS (SELECT 1 FROM index_ops o WHERE o.document_id = documents.id)",
      id_list(doc_ids));
}

}  // namespace lore::store::postgres
