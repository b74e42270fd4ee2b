// The HTTP API of `lore serve` (docs/api.md): typed calls, the API key, SSE
// over fetch (EventSource cannot send an Authorization header), uploads with
// progress (XMLHttpRequest: fetch has no upload progress) and page images
// fetched with the key and shown through object URLs.

export interface Kb {
  id: number;
  name: string;
  template: string;
  documents: number;
  chunks: number;
  created_at: string;
  settings: Record<string, any>;
}
export type DocStatus = 'queued' | 'parsing' | 'indexing' | 'done' | 'failed';
export interface Doc {
  id: number;
  kb_id: number;
  name: string;
  mime: string;
  size: number;
  status: DocStatus;
  chunks: number;
  created_at: string;
  updated_at: string;
  metadata: Record<string, any>;
  tags: string[]; // the user's (PATCH /api/v1/documents/{id})
  source_tags?: string[]; // found in the file itself (Markdown front matter)
  error?: string;
}
// Which documents a search or ask may draw from (docs/api.md, "Filters"):
// any of documents, all of tags, every metadata key = value.
export interface SearchFilter {
  documents?: (string | number)[];
  tags?: string[];
  metadata?: Record<string, string | number | boolean>;
}
export interface Position {
  page: number;
  bbox: [number, number, number, number] | null;
}
export interface Chunk {
  chunk_id: number;
  document_id: number;
  ordinal: number;
  kind: string;
  text: string;
  positions: Position[];
  token_count: number;
  metadata: Record<string, any>;
  enabled: boolean;
}
export interface Job {
  id: number;
  kb_id: number;
  kind: string;
  status: string;
  progress: number;
  stage: string;
  document_id?: number;
  name?: string;
  error?: string;
}
export interface Session {
  id: number;
  kb: string;
  kb_id: number;
  title: string;
  messages: number;
  created_at: string;
  updated_at: string;
}
export interface Citation {
  n: number;
  document: string;
  chunk_id: number;
  page: number | null;
  bbox: [number, number, number, number] | null | [];
  quote: string;
}
export interface Message {
  id: number;
  session_id: number;
  role: string;
  content: string;
  citations: Citation[];
  created_at: string;
}
export interface AskResult {
  answer: string;
  citations: Citation[];
  timings?: Record<string, number>;
  found: boolean;
  model: string;
  request_id: string;
  session_id?: number;
  message_id?: number;
}
export interface Hit {
  chunk_id: number;
  document_id: number;
  document: string;
  score: number;
  text: string;
  kind: string;
  positions: Position[];
  text_rank: number;
  vector_rank: number;
  chunk_ids: number[];
}
export interface PageSize {
  page: number;
  width: number;
  height: number;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = 'lore.apiKey';
let apiKey: string | null = sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
const keyListeners = new Set<() => void>();

export function getKey(): string | null {
  return apiKey;
}
export function setKey(key: string | null, remember = false) {
  apiKey = key;
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
  if (key) (remember ? localStorage : sessionStorage).setItem(KEY, key);
  pageCache.forEach((url) => URL.revokeObjectURL(url));
  pageCache.clear();
  keyListeners.forEach((f) => f());
}
// Called when the server answers 401: the UI shows the key prompt.
let onUnauthorized: (message: string) => void = () => {};
export function setUnauthorizedHandler(f: (message: string) => void) {
  onUnauthorized = f;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (apiKey) h['Authorization'] = `Bearer ${apiKey}`;
  return h;
}

async function errorOf(res: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = `HTTP ${res.status}`;
  try {
    const body = await res.json();
    if (body?.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
    }
  } catch {
    /* not JSON */
  }
  if (res.status === 401) onUnauthorized(message);
  return new ApiError(res.status, code, message);
}

export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

const enc = encodeURIComponent;
export const Api = {
  kbs: () => api<{ knowledge_bases: Kb[] }>('GET', '/api/v1/kbs').then((r) => r.knowledge_bases),
  kb: (kb: string) => api<Kb>('GET', `/api/v1/kbs/${enc(kb)}`),
  createKb: (name: string, template: string) => api<Kb>('POST', '/api/v1/kbs', { name, template: template || undefined }),
  patchKb: (kb: string, body: Record<string, unknown>) => api<Kb>('PATCH', `/api/v1/kbs/${enc(kb)}`, body),
  deleteKb: (kb: string) => api<unknown>('DELETE', `/api/v1/kbs/${enc(kb)}`),
  documents: (kb: string) => api<{ documents: Doc[] }>('GET', `/api/v1/kbs/${enc(kb)}/documents`).then((r) => r.documents),
  document: (id: number) => api<Doc>('GET', `/api/v1/documents/${id}`),
  patchDocument: (
    id: number,
    body: { tags?: string[]; add_tags?: string[]; remove_tags?: string[]; metadata?: Record<string, unknown> },
  ) => api<Doc>('PATCH', `/api/v1/documents/${id}`, body),
  deleteDocument: (id: number) => api<unknown>('DELETE', `/api/v1/documents/${id}`),
  reparse: (id: number) => api<{ job_id: number }>('POST', `/api/v1/documents/${id}/reparse`),
  chunks: (id: number) => api<{ document: Doc; chunks: Chunk[] }>('GET', `/api/v1/documents/${id}/chunks`),
  chunk: (id: number) => api<Chunk>('GET', `/api/v1/chunks/${id}`),
  editChunk: (id: number, body: { text?: string; enabled?: boolean }) => api<Chunk>('PATCH', `/api/v1/chunks/${id}`, body),
  pages: (id: number) => api<{ pages: PageSize[] }>('GET', `/api/v1/documents/${id}/pages`).then((r) => r.pages),
  locate: (chunkId: number, text: string) =>
    api<{ page: number | null; boxes: [number, number, number, number][] }>(
      'GET',
      `/api/v1/chunks/${chunkId}/locate?text=${enc(text)}`,
    ),
  job: (id: number) => api<Job>('GET', `/api/v1/jobs/${id}`),
  search: (kb: string, query: string, top_k: number, filter?: SearchFilter) =>
    api<{ results: Hit[] }>('POST', `/api/v1/kbs/${enc(kb)}/search`, { query, top_k, filter }).then((r) => r.results),
  sessions: () => api<{ sessions: Session[] }>('GET', '/api/v1/sessions').then((r) => r.sessions),
  createSession: (kb: string, title: string) => api<Session>('POST', '/api/v1/sessions', { kb, title }),
  deleteSession: (id: number) => api<unknown>('DELETE', `/api/v1/sessions/${id}`),
  messages: (id: number) => api<{ messages: Message[] }>('GET', `/api/v1/sessions/${id}/messages`).then((r) => r.messages),
  whoami: () => api<Record<string, any>>('GET', '/api/v1/whoami'),
};

// POSTs JSON and reads a text/event-stream reply, calling onEvent per event.
// Resolves when the stream ends; rejects with ApiError on an HTTP error.
export async function postSSE(
  path: string,
  body: unknown,
  onEvent: (event: string, data: any) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await errorOf(res);
  await readSSE(res, onEvent);
}

export async function getSSE(path: string, onEvent: (event: string, data: any) => void, signal?: AbortSignal) {
  const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!res.ok) throw await errorOf(res);
  await readSSE(res, onEvent);
}

async function readSSE(res: Response, onEvent: (event: string, data: any) => void) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!data.length) continue;
      const text = data.join('\n');
      let parsed: any = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* plain text data */
      }
      onEvent(event, parsed);
    }
  }
}

// Uploads one file (multipart "file"); onProgress gets 0..1 of bytes sent.
export function uploadFile(
  kb: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ job_id: number; document_id: number; name: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/kbs/${enc(kb)}/documents`);
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 202 && body) return resolve(body);
      const err = body?.error;
      if (xhr.status === 401) onUnauthorized(err?.message ?? 'API key required');
      reject(new ApiError(xhr.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error: the server did not answer'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

// Page images carry no key in an <img src>: fetch them with it and hand out
// object URLs (kept for the page's lifetime; cleared when the key changes).
const pageCache = new Map<string, string>();
export async function pageImageUrl(docId: number, page: number, scale: number): Promise<string> {
  const path = `/api/v1/documents/${docId}/pages/${page}.png?scale=${scale}`;
  const hit = pageCache.get(path);
  if (hit) return hit;
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) throw await errorOf(res);
  const url = URL.createObjectURL(await res.blob());
  pageCache.set(path, url);
  return url;
}
