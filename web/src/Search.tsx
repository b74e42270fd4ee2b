// Search playground: ranked chunks with the final score and each signal's
// rank (BM25 list, dense list), for tuning retrieval; optionally restricted
// to documents with given tags (the API's "filter").
import { useEffect, useState } from 'preact/hooks';
import { Api, Hit } from './api';
import { ChunkText } from './ChunkText';
import { SourceRef, SourceViewer } from './SourceViewer';
import { errText, kindColour, splitTags } from './util';

export function Search(props: { kb: string }) {
  const [query, setQuery] = useState('');
  const [topK, setTopK] = useState(10);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [ms, setMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [source, setSource] = useState<SourceRef | null>(null);
  const [tags, setTags] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  // The knowledge base's tags, offered as suggestions.
  useEffect(() => {
    Api.documents(props.kb)
      .then((docs) => setKnown([...new Set(docs.flatMap((d) => [...(d.tags ?? []), ...(d.source_tags ?? [])]))].sort()))
      .catch(() => setKnown([]));
  }, [props.kb]);
  const run = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const t0 = performance.now();
    try {
      const wanted = splitTags(tags);
      setHits(await Api.search(props.kb, query, topK, wanted.length ? { tags: wanted } : undefined));
      setMs(performance.now() - t0);
    } catch (err) {
      setError(errText(err));
    }
  };
  return (
    <div>
      <form class="panel row" onSubmit={run} role="search">
        <label class="grow">
          Query
          <input type="search" value={query} required onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label>
          Tags
          <input
            type="text"
            value={tags}
            list="search-tags"
            placeholder="all documents"
            title="Only documents with all of these tags (comma-separated)"
            onInput={(e) => setTags(e.currentTarget.value)}
          />
          <datalist id="search-tags">
            {known.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <label>
          Top k
          <input type="number" min={1} max={100} value={topK} onInput={(e) => setTopK(Number(e.currentTarget.value))} />
        </label>
        <button type="submit">Search</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {hits && (
        <p class="muted" role="status">
          {hits.length} results{ms !== null ? ` in ${ms.toFixed(0)} ms` : ''}. Score is the last stage's (BM25, fused or
          rerank); ranks show where each signal placed the chunk (— : not in that list).
        </p>
      )}
      {hits && hits.length > 0 && (
        <ol class="hits">
          {hits.map((h, i) => (
            <li key={h.chunk_id} class="panel hit" data-testid="hit">
              <header class="row-between">
                <span>
                  <strong>#{i + 1}</strong>{' '}
                  <button type="button" class="link" onClick={() => setSource({ chunkId: h.chunk_id, label: h.document })}>
                    {h.document}
                  </button>{' '}
                  <span class="kind" style={{ borderColor: kindColour(h.kind) }}>
                    {h.kind}
                  </span>
                  {h.positions[0]?.page ? <span class="muted small"> p. {h.positions[0].page}</span> : null}
                </span>
                <dl class="scores">
                  <dt>score</dt>
                  <dd>{h.score.toFixed(4)}</dd>
                  <dt>BM25 rank</dt>
                  <dd>{h.text_rank || '—'}</dd>
                  <dt>vector rank</dt>
                  <dd>{h.vector_rank || '—'}</dd>
                  {h.chunk_ids.length > 1 && (
                    <>
                      <dt>merged</dt>
                      <dd>{h.chunk_ids.length} chunks</dd>
                    </>
                  )}
                </dl>
              </header>
              <ChunkText text={h.text.length > 1200 ? h.text.slice(0, 1200) + '…' : h.text} kind={h.kind} />
            </li>
          ))}
        </ol>
      )}
      {source && <SourceViewer source={source} kb={props.kb} onClose={() => setSource(null)} />}
    </div>
  );
}
