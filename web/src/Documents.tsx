// Documents of a knowledge base: drag-and-drop multi-file upload with
// per-file progress (bytes sent, then the ingest job's stage via SSE),
// per-file errors with the server's reason, list with live status and tags
// (editable inline: PATCH /api/v1/documents/{id}), delete, re-parse.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, Doc, getSSE, Job, uploadFile } from './api';
import { errText, fmtBytes, splitTags } from './util';

interface Upload {
  key: number;
  name: string;
  size: number;
  sent: number; // 0..1 of bytes
  state: 'uploading' | 'queued' | 'parsing' | 'indexing' | 'done' | 'failed';
  stage?: string;
  progress?: number; // job progress 0..1
  error?: string;
  documentId?: number;
}

let uploadKey = 0;

// A document's tags as chips (the file's own, from front matter, muted), with
// an inline editor for the user's: a comma-separated field, saved with PATCH.
function Tags(props: { doc: Doc; onSaved: () => void; onError: (e: string) => void }) {
  const { doc } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await Api.patchDocument(doc.id, { tags: splitTags(text) });
      setEditing(false);
      props.onSaved();
    } catch (err) {
      props.onError(errText(err));
    }
  };
  if (editing)
    return (
      <form class="row" onSubmit={save}>
        <input
          type="text"
          value={text}
          aria-label={`Tags of ${doc.name}`}
          placeholder="tag, another tag"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Save</button>
        <button type="button" class="link" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
    );
  return (
    <span class="tags" data-testid="doc-tags">
      {(doc.tags ?? []).map((t) => (
        <span key={t} class="tag">
          {t}
        </span>
      ))}
      {(doc.source_tags ?? [])
        .filter((t) => !(doc.tags ?? []).includes(t))
        .map((t) => (
          <span key={`s-${t}`} class="tag muted" title="from the file">
            {t}
          </span>
        ))}
      <button
        type="button"
        class="link small"
        aria-label={`Edit tags of ${doc.name}`}
        onClick={() => {
          setText((doc.tags ?? []).join(', '));
          setEditing(true);
        }}
      >
        Edit tags
      </button>
    </span>
  );
}

export function Documents(props: { kb: string; onChanged: () => void }) {
  const { kb } = props;
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = () =>
    Api.documents(kb)
      .then(setDocs)
      .catch((e) => setError(errText(e)));
  useEffect(() => void load(), [kb]);

  // Live status for documents still being processed (uploaded elsewhere, or
  // re-parsed): poll while any is not final.
  const pending = docs?.some((d) => d.status !== 'done' && d.status !== 'failed');
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(load, 1500);
    return () => clearInterval(t);
  }, [pending, kb]);

  const update = (key: number, patch: Partial<Upload>) =>
    setUploads((us) => us.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const follow = async (key: number, jobId: number) => {
    try {
      await getSSE(`/api/v1/jobs/${jobId}/events`, (event, data) => {
        if (event === 'error') return update(key, { state: 'failed', error: data?.error?.message ?? 'job failed' });
        const job = data as Job;
        const state = job.status === 'failed' ? 'failed' : job.status === 'done' ? 'done' : job.stage === 'indexing' ? 'indexing' : job.status === 'queued' ? 'queued' : 'parsing';
        update(key, { state, stage: job.stage, progress: job.progress, error: job.error });
      });
    } catch (e) {
      update(key, { state: 'failed', error: errText(e) });
    }
    load();
    props.onChanged();
  };

  const start = (files: File[]) => {
    const added = files.map<Upload>((f) => ({ key: ++uploadKey, name: f.name, size: f.size, sent: 0, state: 'uploading' }));
    setUploads((us) => [...added, ...us]);
    files.forEach((file, i) => {
      const key = added[i].key;
      uploadFile(kb, file, (sent) => update(key, { sent }))
        .then((r) => {
          update(key, { sent: 1, state: 'queued', documentId: r.document_id });
          load();
          follow(key, r.job_id);
        })
        .catch((e) => update(key, { state: 'failed', error: errText(e) }));
    });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) start(files);
  };

  const reparse = async (d: Doc) => {
    try {
      const r = await Api.reparse(d.id);
      const key = ++uploadKey;
      setUploads((us) => [{ key, name: d.name, size: d.size, sent: 1, state: 'queued', documentId: d.id }, ...us]);
      load();
      follow(key, r.job_id);
    } catch (e) {
      setError(errText(e));
    }
  };
  const remove = async (d: Doc) => {
    if (!confirm(`Delete ${d.name} and its ${d.chunks} chunks?`)) return;
    try {
      await Api.deleteDocument(d.id);
      load();
      props.onChanged();
    } catch (e) {
      setError(errText(e));
    }
  };

  return (
    <div>
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop files here, or</p>
        <label class="button">
          Choose files…
          <input
            ref={input}
            type="file"
            multiple
            class="visually-hidden"
            data-testid="file-input"
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
              if (files.length) start(files);
            }}
          />
        </label>
        <p class="muted small">PDF, DOCX, XLSX, PPTX, HTML, Markdown, text, CSV, e-mail, images (OCR)…</p>
      </div>
      {uploads.length > 0 && (
        <section aria-labelledby="uploads-title" class="panel">
          <h2 id="uploads-title">Uploads</h2>
          <ul class="uploads" aria-live="polite">
            {uploads.map((u) => (
              <li key={u.key} data-testid="upload" data-state={u.state}>
                <span class="name">{u.name}</span> <span class="muted small">{fmtBytes(u.size)}</span>
                <progress
                  max={1}
                  value={u.state === 'uploading' ? u.sent : u.state === 'done' ? 1 : (u.progress ?? 0)}
                  aria-label={`${u.name}: ${u.state}`}
                />
                <span class={`status status-${u.state}`}>
                  {u.state === 'uploading' ? `uploading ${Math.round(u.sent * 100)}%` : u.state}
                  {u.stage && u.state !== 'done' && u.state !== 'failed' ? ` (${u.stage})` : ''}
                </span>
                {u.error && (
                  <p class="error" role="alert">
                    {u.error}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <section aria-labelledby="docs-title">
        <h2 id="docs-title">Documents</h2>
        {docs && docs.length === 0 && <p class="muted">No documents yet.</p>}
        {docs && docs.length > 0 && (
          <div class="table-wrap">
            <table class="docs">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Chunks</th>
                  <th scope="col">Size</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {docs.map((d) => (
                  <tr key={d.id} data-testid="doc-row" data-status={d.status}>
                    <td>
                      <a href={`/kbs/${encodeURIComponent(kb)}/documents/${d.id}`}>{d.name}</a>
                      {d.error && <p class="error small">{d.error}</p>}
                    </td>
                    <td>
                      <span class={`status status-${d.status}`}>{d.status}</span>
                    </td>
                    <td>
                      <Tags doc={d} onSaved={load} onError={setError} />
                    </td>
                    <td>{d.chunks}</td>
                    <td>{fmtBytes(d.size)}</td>
                    <td class="actions">
                      <a href={`/kbs/${encodeURIComponent(kb)}/documents/${d.id}`}>Chunks</a>
                      <button type="button" class="link" onClick={() => reparse(d)} aria-label={`Re-parse ${d.name}`}>
                        Re-parse
                      </button>
                      <button type="button" class="link danger" onClick={() => remove(d)} aria-label={`Delete ${d.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
