// A document's chunks over its page images: boxes coloured by kind, click
// (or Enter) selects a chunk and shows its text; edit text (re-indexed by
// the server) and enable/disable. Formats without pages list chunks only.
import { useEffect, useState } from 'preact/hooks';
import { Api, Chunk, Doc, PageSize } from './api';
import { ChunkText } from './ChunkText';
import { Box, PageView } from './PageView';
import { navigate } from './router';
import { hasPages } from './SourceViewer';
import { errText, kindColour } from './util';

export function ChunkView(props: { kb: string; docId: number; page: number; chunkId: number | null }) {
  const { kb, docId } = props;
  const [doc, setDoc] = useState<Doc | null>(null);
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [pages, setPages] = useState<PageSize[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Api.chunks(docId)
      .then((r) => {
        setDoc(r.document);
        setChunks(r.chunks);
        if (hasPages(r.document.name))
          Api.pages(docId)
            .then(setPages)
            .catch((e) => setError(errText(e)));
      })
      .catch((e) => setError(errText(e)));
  }, [docId]);

  const base = `/kbs/${encodeURIComponent(kb)}/documents/${docId}`;
  const page = props.page;
  const selected = chunks.find((c) => c.chunk_id === props.chunkId) ?? null;
  const select = (id: number | null, p = page) => navigate(`${base}?page=${p}${id ? `&chunk=${id}` : ''}`, true);

  const onPage = chunks.filter((c) => c.positions.some((p) => p.page === page));
  const boxes: Box[] = [];
  for (const c of onPage)
    for (const p of c.positions)
      if (p.page === page && p.bbox)
        boxes.push({
          id: c.chunk_id,
          bbox: p.bbox,
          kind: c.kind,
          label: `Chunk ${c.ordinal + 1} (${c.kind}${c.enabled ? '' : ', disabled'})`,
          selected: c.chunk_id === props.chunkId,
          dimmed: !c.enabled,
        });
  const kinds = Array.from(new Set(chunks.map((c) => c.kind)));
  const listed = pages ? onPage : chunks;

  const replace = (c: Chunk) => setChunks((cs) => cs.map((x) => (x.chunk_id === c.chunk_id ? c : x)));

  return (
    <div>
      <p>
        <a href={`/kbs/${encodeURIComponent(kb)}/documents`}>← Documents</a>
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      {doc && (
        <h2>
          {doc.name} <span class="muted small">({chunks.length} chunks, {doc.status})</span>
        </h2>
      )}
      {kinds.length > 0 && (
        <ul class="legend" aria-label="Chunk kinds">
          {kinds.map((k) => (
            <li key={k}>
              <span class="swatch" style={{ background: kindColour(k) }} aria-hidden="true" />
              {k}
            </li>
          ))}
        </ul>
      )}
      <div class="chunk-layout">
        {doc && pages && pages.length > 0 && (
          <section aria-label="Page" class="page-col">
            <nav class="pager" aria-label="Pages">
              <button type="button" disabled={page <= 1} onClick={() => select(null, page - 1)}>
                ← Previous
              </button>
              <label>
                Page{' '}
                <select value={page} onChange={(e) => select(null, Number(e.currentTarget.value))}>
                  {pages.map((p) => (
                    <option key={p.page} value={p.page}>
                      {p.page}
                    </option>
                  ))}
                </select>{' '}
                of {pages.length}
              </label>
              <button type="button" disabled={page >= pages.length} onClick={() => select(null, page + 1)}>
                Next →
              </button>
            </nav>
            <PageView docId={docId} page={page} boxes={boxes} onSelect={(id) => select(id)} title={doc.name} />
          </section>
        )}
        <section aria-label="Chunks" class="chunk-col">
          {selected ? (
            <ChunkEditor key={selected.chunk_id} chunk={selected} onSaved={replace} onClose={() => select(null)} />
          ) : (
            <p class="muted">{pages ? 'Click a box on the page (or pick a chunk below) to see its text.' : 'Pick a chunk to see and edit it.'}</p>
          )}
          <h3>{pages ? `Chunks on page ${page}` : 'Chunks'}</h3>
          <ol class="chunk-list">
            {listed.map((c) => (
              <li key={c.chunk_id} class={c.enabled ? '' : 'dimmed'}>
                <button type="button" class="link" aria-current={c.chunk_id === props.chunkId} onClick={() => select(c.chunk_id)}>
                  <span class="swatch" style={{ background: kindColour(c.kind) }} aria-hidden="true" />#{c.ordinal + 1} {c.kind}
                  {c.enabled ? '' : ' (disabled)'} — {c.text.slice(0, 80)}
                </button>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function ChunkEditor(props: { chunk: Chunk; onSaved: (c: Chunk) => void; onClose: () => void }) {
  const { chunk } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(chunk.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const patch = async (body: { text?: string; enabled?: boolean }, done: string) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const c = await Api.editChunk(chunk.chunk_id, body);
      props.onSaved(c);
      setEditing(false);
      setStatus(done);
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="panel chunk-detail" data-testid="chunk-detail" aria-labelledby="chunk-title">
      <header class="row-between">
        <h3 id="chunk-title">
          <span class="swatch" style={{ background: kindColour(chunk.kind) }} aria-hidden="true" />
          Chunk #{chunk.ordinal + 1} · {chunk.kind} · {chunk.token_count} tokens
          {chunk.enabled ? '' : ' · disabled'}
        </h3>
        <button type="button" class="icon" aria-label="Close chunk" onClick={props.onClose}>
          ×
        </button>
      </header>
      {chunk.metadata?.headings?.length > 0 && <p class="muted small">{chunk.metadata.headings.join(' › ')}</p>}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            patch({ text }, 'Saved and re-indexed.');
          }}
        >
          <label class="block">
            Chunk text
            <textarea rows={12} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <div class="row">
            <button type="submit" disabled={busy}>
              Save
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <ChunkText text={chunk.text} kind={chunk.kind} />
      )}
      {!editing && (
        <div class="row">
          <button type="button" onClick={() => setEditing(true)}>
            Edit text
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => patch({ enabled: !chunk.enabled }, chunk.enabled ? 'Disabled: no longer retrieved.' : 'Enabled.')}
          >
            {chunk.enabled ? 'Disable' : 'Enable'}
          </button>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
    </article>
  );
}
