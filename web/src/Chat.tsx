// Chat over one knowledge base: sessions (stored server-side), streamed
// answers (SSE), [n] citation markers that open the cited page region,
// "not found" said plainly, stage timings on demand.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, Citation, Message, postSSE, Session } from './api';
import { navigate } from './router';
import { SourceRef, SourceViewer } from './SourceViewer';
import { errText } from './util';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  timings?: Record<string, number>;
  found?: boolean;
  model?: string;
  streaming?: boolean;
  error?: string;
}

const toTurn = (m: Message): Turn => ({ role: m.role === 'user' ? 'user' : 'assistant', content: m.content, citations: m.citations ?? [] });

export function Chat(props: { kb: string; sessionId: number | null }) {
  const { kb, sessionId } = props;
  const base = `/kbs/${encodeURIComponent(kb)}/chat`;
  const [sessions, setSessions] = useState<Session[]>([]);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [source, setSource] = useState<SourceRef | null>(null);
  const abort = useRef<AbortController | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const skipLoad = useRef(false);

  const loadSessions = () =>
    Api.sessions()
      .then((all) => setSessions(all.filter((s) => s.kb === kb)))
      .catch((e) => setError(errText(e)));
  useEffect(() => void loadSessions(), [kb]);
  useEffect(() => {
    if (skipLoad.current) {
      skipLoad.current = false;
      return;
    }
    setTurns([]);
    if (sessionId)
      Api.messages(sessionId)
        .then((ms) => setTurns(ms.filter((m) => m.role === 'user' || m.role === 'assistant').map(toTurn)))
        .catch((e) => setError(errText(e)));
  }, [sessionId]);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [turns]);

  const ask = async (e: Event) => {
    e.preventDefault();
    const q = question.trim();
    if (!q || busy) return;
    setBusy(true);
    setError(null);
    let sid = sessionId;
    try {
      if (!sid) {
        const s = await Api.createSession(kb, q.slice(0, 80));
        sid = s.id;
        skipLoad.current = true; // the turns below are the new session's
        navigate(`${base}/${s.id}`, true);
      }
      setQuestion('');
      setTurns((ts) => [...ts, { role: 'user', content: q, citations: [] }, { role: 'assistant', content: '', citations: [], streaming: true }]);
      const patchLast = (f: (t: Turn) => Turn) => setTurns((ts) => [...ts.slice(0, -1), f(ts[ts.length - 1])]);
      abort.current = new AbortController();
      await postSSE(
        `/api/v1/sessions/${sid}/ask`,
        { question: q, stream: true, timings: true },
        (event, data) => {
          if (event === 'delta') patchLast((t) => ({ ...t, content: t.content + (data.delta ?? '') }));
          else if (event === 'done')
            patchLast((t) => ({
              ...t,
              content: data.answer ?? t.content,
              citations: data.citations ?? [],
              timings: data.timings,
              found: data.found,
              model: data.model,
              streaming: false,
            }));
          else if (event === 'error') patchLast((t) => ({ ...t, streaming: false, error: data?.error?.message ?? 'the answer failed' }));
        },
        abort.current.signal,
      );
      patchLast((t) => ({ ...t, streaming: false }));
      loadSessions();
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError(errText(err));
      setTurns((ts) => (ts.length && ts[ts.length - 1].streaming ? [...ts.slice(0, -1), { ...ts[ts.length - 1], streaming: false }] : ts));
    } finally {
      setBusy(false);
      abort.current = null;
    }
  };

  const removeSession = async (s: Session) => {
    if (!confirm(`Delete the conversation "${s.title || s.id}"?`)) return;
    await Api.deleteSession(s.id).catch((e) => setError(errText(e)));
    if (s.id === sessionId) navigate(base, true);
    loadSessions();
  };

  return (
    <div class="chat-layout">
      <nav class="sessions" aria-label="Conversations">
        <button type="button" onClick={() => navigate(base)}>
          + New chat
        </button>
        <ul>
          {sessions.map((s) => (
            <li key={s.id} class={s.id === sessionId ? 'current' : ''}>
              <a href={`${base}/${s.id}`} aria-current={s.id === sessionId ? 'page' : undefined}>
                {s.title || `Session ${s.id}`}
              </a>
              <button type="button" class="icon" aria-label={`Delete conversation ${s.title || s.id}`} onClick={() => removeSession(s)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section class="conversation" aria-label="Conversation">
        <div class="turns" aria-live="polite">
          {turns.length === 0 && <p class="muted">Ask a question about the documents in {kb}.</p>}
          {turns.map((t, i) => (
            <TurnView key={i} turn={t} onCite={(c) => setSource({ chunkId: c.chunk_id, page: c.page, bbox: c.bbox as number[] | null, quote: c.quote, label: `[${c.n}] ${c.document}` })} />
          ))}
          <div ref={end} />
        </div>
        {error && <p class="error" role="alert">{error}</p>}
        <form class="ask" onSubmit={ask}>
          <label class="visually-hidden" for="question">
            Question
          </label>
          <textarea
            id="question"
            rows={2}
            value={question}
            placeholder="Ask a question… (Enter to send, Shift+Enter for a new line)"
            onInput={(e) => setQuestion(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) ask(e);
            }}
          />
          {busy ? (
            <button type="button" class="secondary" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!question.trim()}>
              Ask
            </button>
          )}
        </form>
      </section>
      {source && <SourceViewer source={source} kb={kb} onClose={() => setSource(null)} />}
    </div>
  );
}

// The answer text with [n] markers as buttons (markers without a citation
// stay text).
function AnswerText(props: { text: string; citations: Citation[]; onCite: (c: Citation) => void }) {
  const parts = props.text.split(/(\[\d+\])/g);
  return (
    <div class="answer-text">
      {parts.map((p, i) => {
        const m = /^\[(\d+)\]$/.exec(p);
        const c = m && props.citations.find((x) => x.n === Number(m[1]));
        if (!c) return <span key={i}>{p}</span>;
        return (
          <button
            key={i}
            type="button"
            class="cite"
            data-testid="citation"
            aria-label={`Source ${c.n}: ${c.document}${c.page ? `, page ${c.page}` : ''}`}
            onClick={() => props.onCite(c)}
          >
            {c.n}
          </button>
        );
      })}
    </div>
  );
}

function TurnView(props: { turn: Turn; onCite: (c: Citation) => void }) {
  const t = props.turn;
  if (t.role === 'user') return <div class="turn user">{t.content}</div>;
  return (
    <div class="turn assistant" data-testid="answer" data-streaming={t.streaming ? 'true' : 'false'}>
      {t.found === false && (
        <p class="notfound" role="status" data-testid="not-found">
          Not found in the knowledge base.
        </p>
      )}
      <AnswerText text={t.content || (t.streaming ? '…' : '')} citations={t.citations} onCite={props.onCite} />
      {t.error && <p class="error" role="alert">{t.error}</p>}
      {t.citations.length > 0 && (
        <ol class="sources" aria-label="Sources">
          {t.citations.map((c) => (
            <li key={c.n} value={c.n}>
              <button type="button" class="link" onClick={() => props.onCite(c)}>
                {c.document}
                {c.page ? `, p. ${c.page}` : ''}
              </button>
              {c.quote && <span class="muted small"> — “{c.quote.slice(0, 160)}”</span>}
            </li>
          ))}
        </ol>
      )}
      {t.timings && (
        <details class="timings">
          <summary>Timings{t.model ? ` · ${t.model}` : ''}</summary>
          <table>
            <tbody>
              {Object.entries(t.timings).map(([stage, ms]) => (
                <tr key={stage}>
                  <th scope="row">{stage}</th>
                  <td>{ms.toFixed(1)} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
