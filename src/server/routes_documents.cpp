// Documents: multipart upload (-> 202 + job; optional "tags" and "metadata"
// form fields), list, status, tags and metadata (PATCH), delete, re-parse.
// An upload is acknowledged only after its blob is on disk and its document
// and job rows are committed (Store::enqueue_ingest), so kill -9 after the
// 202 loses nothing; the workers (pipeline/jobs.h) do the rest.
#include "core/error.h"
#include "core/hash.h"
#include "parse/parser.h"
#include "pipeline/jobs.h"
#include "pipeline/user_metadata.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

// The stored name of an uploaded file: its relative path with "." and ".."
// segments and leading slashes refused.
std::string document_name(const std::string& given) {
  std::string name = given;
  for (char& ch : name)
    if (ch == '\\') ch = '/';
  while (!name.empty() && name.front() == '/') name.erase(0, 1);
  if (name.empty()) throw Error(ErrorCode::invalid_argument, "uploaded file has no file name");
  if (name.size() > 1024) throw Error(ErrorCode::invalid_argument, "file name longer than 1024 bytes");
  size_t start = 0;
  while (start <= name.size()) {
    const size_t end = std::min(name.find('/', start), name.size());
    const auto seg = name.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..")
      throw Error(ErrorCode::invalid_argument, "invalid file name \"" + given + "\"");
    start = end + 1;
  }
  return name;
}

nlohmann::json queued_json(const store::QueuedIngest& q, const std::string& name) {
  return {{"job_id", q.job_id},
          {"document_id", q.document_id},
          {"name", name},
          {"status", "queued"},
          {"new_document", q.new_document}};
}

void check_queue(Ctx& c) {
  const auto queued = c.reader().store().count_jobs("queued");
  if (queued >= c.app.config().max_queued_jobs)
    throw Error(ErrorCode::rate_limited, "ingest queue is full (" + std::to_string(queued) +
                                             " jobs queued, ingest.max_queued_jobs); retry later");
}

// The upload's "tags" and "metadata" form fields: each "tags" part is one tag,
// or a JSON array of tags; "metadata" is a JSON object of key: scalar.
pipeline::UserMetadata upload_user_metadata(const httplib::Request& req) {
  pipeline::UserMetadata u;
  const auto tags = req.files.equal_range("tags");
  for (auto it = tags.first; it != tags.second; ++it) {
    const auto& v = it->second.content;
    if (!v.empty() && v.front() == '[') {
      const auto arr = nlohmann::json::parse(v, nullptr, false);
      if (!arr.is_array())
        throw Error(ErrorCode::invalid_argument, "form field \"tags\": not a JSON array of strings: " + v);
      for (const auto& t : arr) {
        if (!t.is_string())
          throw Error(ErrorCode::invalid_argument, "form field \"tags\": " + t.dump() + " is not a string");
        u.tags.push_back(t.get<std::string>());
      }
    } else {
      u.tags.push_back(v);
    }
  }
  if (req.has_file("metadata")) {
    const auto& v = req.get_file_value("metadata").content;
    const auto obj = nlohmann::json::parse(v, nullptr, false);
    if (!obj.is_object())
      throw Error(ErrorCode::invalid_argument, "form field \"metadata\" must be a JSON object, got: " + v);
    u.fields = obj;
  }
  return pipeline::merge_user_metadata({}, u);  // validates
}

void upload(Ctx& c) {
  const auto kb = c.kb_param(1);
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    throw Error(ErrorCode::invalid_argument, "expected multipart/form-data with one or more \"file\" parts");
  check_queue(c);
  std::vector<httplib::MultipartFormData> files;
  const auto range = c.req.files.equal_range("file");
  for (auto it = range.first; it != range.second; ++it) files.push_back(it->second);
  const std::string override_name = c.req.has_file("name") ? c.req.get_file_value("name").content : "";
  if (!override_name.empty() && files.size() != 1)
    throw Error(ErrorCode::invalid_argument, "field \"name\" is only allowed with a single file");
  const auto user = upload_user_metadata(c.req);
  // Validate every file before storing any, so a request is all or nothing.
  std::vector<std::string> names;
  for (const auto& f : files) {
    const auto name = document_name(override_name.empty() ? f.filename : override_name);
    if (static_cast<int64_t>(f.content.size()) > c.app.config().max_file_bytes())
      throw Error(ErrorCode::too_large,
                  name + ": file is " + std::to_string(f.content.size() / (1024 * 1024)) +
                      " MB, over the limit of " + std::to_string(c.app.config().max_file_mb) +
                      " MB (ingest.max_file_mb)");
    if (f.content.empty()) throw Error(ErrorCode::bad_input, name + ": empty file (0 bytes)");
    if (!parse::is_supported(name)) throw Error(ErrorCode::unsupported, name + ": unsupported file type");
    names.push_back(name);
  }
  nlohmann::json jobs = nlohmann::json::array();
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& bytes = files[i].content;
    const std::string sha = sha256_hex(bytes);
    const auto size = static_cast<int64_t>(bytes.size());
    const auto q = c.app.write([&](pipeline::Workspace& ws) {
      ws.blobs().put(sha, bytes);  // durable (fsync + rename) before the rows that name it
      store::NewDocument doc{kb.id, names[i], "",
                             size,  sha,      pipeline::with_user_metadata(nlohmann::json::object(), user)};
      const auto q = ws.store().enqueue_ingest(
          doc, pipeline::ingest_job_payload(c.caller.tenant_id, names[i], sha, size, /*force=*/false));
      // A new version of an existing document: its tags and keys gain the
      // upload's (the job carries them over when it commits, jobs.cpp).
      if (!q.new_document && !user.empty()) {
        const auto current = ws.store().get_document(c.caller.tenant_id, q.document_id);
        if (current)
          ws.store().update_document_metadata(
              q.document_id,
              pipeline::user_metadata_patch(current->metadata, {std::nullopt, user.tags, {}, user.fields}));
      }
      return q;
    });
    jobs.push_back(queued_json(q, names[i]));
  }
  c.app.jobs().notify();
  nlohmann::json out = {{"jobs", jobs}};
  if (jobs.size() == 1) out.update(jobs[0]);
  c.res.set_header("Location", "/api/v1/jobs/" + std::to_string(jobs[0]["job_id"].get<int64_t>()));
  c.json(202, out);
}

store::DocumentRecord require_document(Ctx& c, store::Id id) {
  if (auto d = c.reader().store().get_document(c.caller.tenant_id, id)) return *d;
  throw Error(ErrorCode::not_found, "document " + std::to_string(id) + " not found");
}

}  // namespace

void add_document_routes(Router& r) {
  r.post("/api/v1/kbs/{kb}/documents", upload, {.upload = true});

  r.get("/api/v1/kbs/{kb}/documents", [](Ctx& c) {
    const auto kb = c.kb_param(1);
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : c.reader().store().list_documents(kb.id)) arr.push_back(pipeline::document_json(d));
    c.json(200, {{"kb", kb.name}, {"documents", arr}});
  });

  r.get("/api/v1/documents/{id}",
        [](Ctx& c) { c.json(200, pipeline::document_json(require_document(c, c.id_param(1)))); });

  r.del("/api/v1/documents/{id}", [](Ctx& c) {
    const auto doc = require_document(c, c.id_param(1));
    c.app.write([&](pipeline::Workspace& ws) {
      // Re-check under the writer lock: the document may have gone meanwhile.
      const auto now = ws.store().get_document(c.caller.tenant_id, doc.id);
      if (!now) throw Error(ErrorCode::not_found, "document " + std::to_string(doc.id) + " not found");
      ws.delete_document(*now);
    });
    c.json(200, {{"deleted", doc.id}});
  });

  // Tags and user metadata: {"tags"?: [...] (replaces), "add_tags"?, "remove_tags"?,
  // "metadata"?: {key: scalar | null}} (user_metadata.h). No re-index: the
  // filters read the store.
  r.patch("/api/v1/documents/{id}", [](Ctx& c) {
    const store::Id id = require_document(c, c.id_param(1)).id;  // 404 before any validation
    const auto body = c.body();
    const auto edit = pipeline::user_metadata_edit_from_json(body);
    if (edit.empty())
      throw Error(ErrorCode::invalid_argument,
                  "nothing to change: send \"tags\", \"add_tags\", \"remove_tags\" and/or \"metadata\"");
    const auto updated = c.app.write([&](pipeline::Workspace& ws) {
      const auto doc = ws.store().get_document(c.caller.tenant_id, id);
      if (!doc) throw Error(ErrorCode::not_found, "document " + std::to_string(id) + " not found");
      ws.store().update_document_metadata(id, pipeline::user_metadata_patch(doc->metadata, edit));
      return *ws.store().get_document(c.caller.tenant_id, id);
    });
    c.json(200, pipeline::document_json(updated));
  });

  r.post("/api/v1/documents/{id}/reparse", [](Ctx& c) {
    const auto doc = require_document(c, c.id_param(1));
    if (doc.sha256.empty() || !c.reader().blobs().contains(doc.sha256))
      throw Error(ErrorCode::not_found, doc.name + ": the original file is not stored; upload it again");
    check_queue(c);
    const auto q = c.app.write([&](pipeline::Workspace& ws) {
      store::NewDocument nd{doc.kb_id, doc.name, doc.mime, doc.size, doc.sha256, doc.metadata};
      return ws.store().enqueue_ingest(
          nd,
          pipeline::ingest_job_payload(c.caller.tenant_id, doc.name, doc.sha256, doc.size, /*force=*/true));
    });
    c.app.jobs().notify();
    c.json(202, queued_json(q, doc.name));
  });
}

}  // namespace lore::server
