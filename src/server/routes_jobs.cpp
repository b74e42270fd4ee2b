// Jobs: status as JSON, progress as Server-Sent Events, list per knowledge base.
#include <thread>

#include "core/error.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

store::Job require_job(Ctx& c) {
  if (auto j = c.reader().store().find_job(c.caller.tenant_id, c.id_param(1))) return *j;
  throw Error(ErrorCode::not_found, "job " + c.param(1) + " not found");
}

bool finished(const store::Job& j) { return j.status == "done" || j.status == "failed"; }

// Streams `event: progress` whenever the job changes and `event: done` with
// the final state, then ends. Polls its own store connection (the workers
// write through the writer); ends early when the client goes away.
void stream(Ctx& c) {
  const auto first = require_job(c);
  const store::Id tenant = c.caller.tenant_id, id = first.id;
  auto store = std::shared_ptr<store::Store>(store::open_store(c.app.config()));
  auto last = std::make_shared<std::string>();
  c.res.status = 200;
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_header("X-Accel-Buffering", "no");
  c.res.set_chunked_content_provider(
      "text/event-stream", [store, tenant, id, last](size_t, httplib::DataSink& sink) {
        const auto job = store->find_job(tenant, id);
        if (!job) {  // deleted with its knowledge base
          const std::string msg =
              "event: error\ndata: {\"error\":{\"code\":\"not_found\",\"message\":\"job deleted\"}}\n\n";
          sink.write(msg.data(), msg.size());
          sink.done();
          return true;
        }
        const std::string data = pipeline::job_json(*job).dump();
        if (data != *last) {
          const std::string event =
              std::string("event: ") + (finished(*job) ? "done" : "progress") + "\ndata: " + data + "\n\n";
          if (!sink.write(event.data(), event.size())) return false;
          *last = data;
        }
        if (finished(*job)) {
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return sink.is_writable();
      });
}

}  // namespace

void add_job_routes(Router& r) {
  r.get("/api/v1/jobs/{id}", [](Ctx& c) { c.json(200, pipeline::job_json(require_job(c))); });
  r.get("/api/v1/jobs/{id}/events", stream);
  r.get("/api/v1/kbs/{kb}/jobs", [](Ctx& c) {
    const auto kb = c.kb_param(1);
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& j : c.reader().store().list_jobs(kb.id, 200)) arr.push_back(pipeline::job_json(j));
    c.json(200, {{"kb", kb.name}, {"jobs", arr}});
  });
}

}  // namespace lore::server
