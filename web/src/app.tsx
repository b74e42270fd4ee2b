import { useEffect, useState } from 'preact/hooks';
import { Api, getKey, Kb, setKey, setUnauthorizedHandler } from './api';
import { Chat } from './Chat';
import { ChunkView } from './ChunkView';
import { Documents } from './Documents';
import { KeyPrompt } from './KeyPrompt';
import { KbList, KbSettings } from './Kbs';
import { linkHandler, match, navigate, useLocation } from './router';
import { Search } from './Search';
import { errText } from './util';

export function App() {
  const { path, query } = useLocation();
  const [keyReason, setKeyReason] = useState<string | null>(null);
  const [epoch, setEpoch] = useState(0); // bumps when the key changes: views reload
  useEffect(() => setUnauthorizedHandler((m) => setKeyReason(m)), []);

  let kbMatch: Record<string, string> | null = null;
  let view: 'documents' | 'chunks' | 'chat' | 'search' | 'settings' = 'documents';
  for (const [pattern, v] of [
    ['/kbs/:kb', 'documents'],
    ['/kbs/:kb/documents', 'documents'],
    ['/kbs/:kb/documents/:doc', 'chunks'],
    ['/kbs/:kb/chat', 'chat'],
    ['/kbs/:kb/chat/:session', 'chat'],
    ['/kbs/:kb/search', 'search'],
    ['/kbs/:kb/settings', 'settings'],
  ] as const) {
    const m = match(pattern, path);
    if (m) {
      kbMatch = m;
      view = v;
      break;
    }
  }

  return (
    <div onClick={linkHandler as any}>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <a href="/" class="brand">
          Lore
        </a>
        {kbMatch && (
          <span class="crumb" aria-label="Knowledge base">
            / {kbMatch.kb}
          </span>
        )}
        <span class="spacer" />
        {getKey() ? (
          <button
            type="button"
            class="link"
            onClick={() => {
              setKey(null);
              setEpoch((e) => e + 1);
            }}
          >
            Forget API key
          </button>
        ) : null}
      </header>
      <div id="content" key={epoch}>
        {kbMatch ? (
          <KbPage
            kb={kbMatch.kb}
            view={view}
            docId={kbMatch.doc ? Number(kbMatch.doc) : null}
            sessionId={kbMatch.session ? Number(kbMatch.session) : null}
            page={Number(query.get('page') ?? 1) || 1}
            chunkId={query.get('chunk') ? Number(query.get('chunk')) : null}
          />
        ) : path === '/' ? (
          <KbList />
        ) : (
          <main class="container">
            <h1>Not found</h1>
            <p>
              No page at {path}. <a href="/">Knowledge bases</a>
            </p>
          </main>
        )}
      </div>
      {keyReason !== null && (
        <KeyPrompt
          reason={keyReason}
          onDone={() => {
            setKeyReason(null);
            setEpoch((e) => e + 1);
          }}
        />
      )}
    </div>
  );
}

function KbPage(props: {
  kb: string;
  view: string;
  docId: number | null;
  sessionId: number | null;
  page: number;
  chunkId: number | null;
}) {
  const [kb, setKb] = useState<Kb | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    Api.kb(props.kb)
      .then(setKb)
      .catch((e) => setError(errText(e)));
  useEffect(() => {
    setKb(null);
    setError(null);
    load();
  }, [props.kb]);
  const base = `/kbs/${encodeURIComponent(props.kb)}`;
  const tabs = [
    ['documents', 'Documents'],
    ['chat', 'Chat'],
    ['search', 'Search'],
    ['settings', 'Settings'],
  ];
  const current = props.view === 'chunks' ? 'documents' : props.view;
  return (
    <main class="container">
      <h1>{props.kb}</h1>
      {kb && (
        <p class="muted">
          {kb.documents} documents · {kb.chunks} chunks · template {kb.template}
        </p>
      )}
      <nav class="tabs" aria-label="Knowledge base sections">
        {tabs.map(([id, label]) => (
          <a key={id} href={`${base}/${id}`} aria-current={current === id ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {error && (
        <p class="error" role="alert">
          {error} <a href="/">Back to knowledge bases</a>
        </p>
      )}
      {!error && props.view === 'documents' && <Documents kb={props.kb} onChanged={load} />}
      {!error && props.view === 'chunks' && props.docId && (
        <ChunkView kb={props.kb} docId={props.docId} page={props.page} chunkId={props.chunkId} />
      )}
      {!error && props.view === 'chat' && <Chat kb={props.kb} sessionId={props.sessionId} />}
      {!error && props.view === 'search' && <Search kb={props.kb} />}
      {!error && props.view === 'settings' && kb && <KbSettings kb={kb} onChanged={setKb} />}
    </main>
  );
}

export { navigate };
