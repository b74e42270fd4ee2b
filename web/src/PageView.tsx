// One page image with boxes drawn over it. Box coordinates are PDF points
// (top-left origin), the frame of chunk positions; the overlay's viewBox is
// the page in points, so no pixel arithmetic is needed at any zoom.
import { useEffect, useState } from 'preact/hooks';
import { pageImageUrl } from './api';
import { errText, kindColour } from './util';

export interface Box {
  id: number;
  bbox: [number, number, number, number];
  kind: string;
  label: string;
  selected?: boolean;
  dimmed?: boolean; // a disabled chunk
  highlight?: boolean; // a cited region
}

const SCALE = 1.5;

export function PageView(props: {
  docId: number;
  page: number;
  boxes: Box[];
  onSelect?: (id: number) => void;
  title: string;
}) {
  const { docId, page, boxes, onSelect } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setUrl(null);
    setSize(null);
    setError(null);
    pageImageUrl(docId, page, SCALE)
      .then((u) => live && setUrl(u))
      .catch((e) => live && setError(errText(e)));
    return () => {
      live = false;
    };
  }, [docId, page]);

  if (error) return <p class="error" role="alert">Page image unavailable: {error}</p>;
  return (
    <div class="page" data-testid="page-view">
      {!url && <p class="muted">Rendering page {page}…</p>}
      {url && (
        <img
          src={url}
          alt={`${props.title}, page ${page}`}
          onLoad={(e) => {
            const img = e.currentTarget as HTMLImageElement;
            setSize({ w: img.naturalWidth / SCALE, h: img.naturalHeight / SCALE });
          }}
        />
      )}
      {url && size && (
        <svg
          class="overlay"
          viewBox={`0 0 ${size.w} ${size.h}`}
          preserveAspectRatio="none"
          role="group"
          aria-label={`Regions on page ${page}`}
        >
          {boxes.map((b) => {
            const [x0, y0, x1, y1] = b.bbox;
            const colour = b.highlight ? '#facc15' : kindColour(b.kind);
            return (
              <rect
                key={b.id}
                data-testid={b.highlight ? 'highlight-box' : 'chunk-box'}
                data-kind={b.kind}
                class={`box${b.selected ? ' selected' : ''}${b.dimmed ? ' dimmed' : ''}${b.highlight ? ' highlight' : ''}`}
                x={x0}
                y={y0}
                width={Math.max(1, x1 - x0)}
                height={Math.max(1, y1 - y0)}
                stroke={colour}
                fill={colour}
                tabIndex={onSelect ? 0 : -1}
                role={onSelect ? 'button' : undefined}
                aria-label={b.label}
                aria-pressed={onSelect ? !!b.selected : undefined}
                onClick={() => onSelect?.(b.id)}
                onKeyDown={(e) => {
                  if (onSelect && (e.key === 'Enter' || e.key === ' ')) {
                    e.preventDefault();
                    onSelect(b.id);
                  }
                }}
              >
                <title>{b.label}</title>
              </rect>
            );
          })}
        </svg>
      )}
    </div>
  );
}

// A modal dialog (the native <dialog>: focus trap and Esc for free).
export function Modal(props: { title: string; onClose: () => void; children: any; wide?: boolean }) {
  const [el, setEl] = useState<HTMLDialogElement | null>(null);
  useEffect(() => {
    if (el && !el.open) el.showModal();
  }, [el]);
  return (
    <dialog
      ref={setEl}
      class={props.wide ? 'wide' : ''}
      aria-label={props.title}
      onClose={props.onClose}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-head">
        <h2>{props.title}</h2>
        <button type="button" class="icon" aria-label="Close" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>
  );
}
