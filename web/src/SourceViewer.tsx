// Opens the source of a citation or search hit: the page with the chunk's
// regions highlighted (PDFs and images), or the chunk's text otherwise.
import { useEffect, useState } from 'preact/hooks';
import { Api, Chunk, Doc } from './api';
import { ChunkText } from './ChunkText';
import { Box, Modal, PageView } from './PageView';
import { errText } from './util';

export interface SourceRef {
  chunkId: number;
  page?: number | null;
  bbox?: number[] | null;
  quote?: string;
  label: string;
}

export function hasPages(name: string): boolean {
  return /\.(pdf|png|jpe?g|tiff?|bmp|webp|gif)$/i.test(name);
}

export function SourceViewer(props: { source: SourceRef; kb: string; onClose: () => void }) {
  const { source } = props;
  const [chunk, setChunk] = useState<Chunk | null>(null);
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Where the quote itself is printed (PDFs): its page and line boxes.
  const [found, setFound] = useState<{ page: number; boxes: Box['bbox'][] } | null>(null);

  useEffect(() => {
    Api.chunk(source.chunkId)
      .then(async (c) => {
        const d = await Api.document(c.document_id);
        if (source.quote && /\.pdf$/i.test(d.name)) {
          const m = await Api.locate(c.chunk_id, source.quote).catch(() => null);
          if (m?.page) setFound({ page: m.page, boxes: m.boxes });
        }
        setChunk(c);
        setDoc(d);
      })
      .catch((e) => setError(errText(e)));
  }, [source.chunkId]);

  const page = found?.page || source.page || chunk?.positions.find((p) => p.bbox)?.page || chunk?.positions[0]?.page || 1;
  const boxes: Box[] = [];
  if (found) {
    // The quote's lines highlighted, the rest of the chunk outlined faintly.
    chunk?.positions.forEach((p, i) => {
      if (p.page === page && p.bbox) boxes.push({ id: 1000 + i, bbox: p.bbox, kind: chunk.kind, label: 'cited chunk', dimmed: true });
    });
    found.boxes.forEach((b, i) => boxes.push({ id: i, bbox: b, kind: chunk?.kind ?? 'text', label: `cited line ${i + 1}`, highlight: true }));
  } else if (chunk) {
    chunk.positions.forEach((p, i) => {
      if (p.page === page && p.bbox) boxes.push({ id: i, bbox: p.bbox, kind: chunk.kind, label: `cited region ${i + 1}`, highlight: true });
    });
    if (!boxes.length && source.bbox && source.bbox.length === 4)
      boxes.push({ id: 0, bbox: source.bbox as Box['bbox'], kind: chunk.kind, label: 'cited region', highlight: true });
  }
  return (
    <Modal title={source.label} onClose={props.onClose} wide>
      {error && <p class="error" role="alert">{error}</p>}
      {doc && chunk && (
        <div class="source" data-testid="source-viewer">
          <p>
            <a href={`/kbs/${encodeURIComponent(props.kb)}/documents/${doc.id}?page=${page}&chunk=${chunk.chunk_id}`}>
              {doc.name}
            </a>
            {hasPages(doc.name) && <span class="muted"> · page {page}</span>}
          </p>
          {source.quote && <blockquote>{source.quote}</blockquote>}
          <div class="source-grid">
            {hasPages(doc.name) && <PageView docId={doc.id} page={page} boxes={boxes} title={doc.name} />}
            <section aria-label="Chunk text">
              <ChunkText text={chunk.text} kind={chunk.kind} />
            </section>
          </div>
        </div>
      )}
      {!error && !chunk && <p class="muted">Loading…</p>}
    </Modal>
  );
}
