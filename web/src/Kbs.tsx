// Knowledge bases: list and create (with chunking template and answering
// model), settings, delete with confirmation.
import { useEffect, useState } from 'preact/hooks';
import { Api, Kb } from './api';
import { navigate } from './router';
import { errText } from './util';

export const TEMPLATES = ['auto', 'general', 'qa', 'table', 'paper', 'book', 'law', 'manual', 'one'];

export function KbList() {
  const [kbs, setKbs] = useState<Kb[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => Api.kbs().then(setKbs).catch((e) => setError(errText(e)));
  useEffect(() => void load(), []);
  return (
    <main class="container">
      <h1>Knowledge bases</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <CreateKb onCreated={(kb) => navigate(`/kbs/${encodeURIComponent(kb.name)}/documents`)} />
      {kbs && kbs.length === 0 && <p class="muted">No knowledge bases yet: create one above.</p>}
      {kbs && kbs.length > 0 && (
        <ul class="cards" aria-label="Knowledge bases">
          {kbs.map((kb) => (
            <li key={kb.id} class="card">
              <a href={`/kbs/${encodeURIComponent(kb.name)}/documents`} class="card-title">
                {kb.name}
              </a>
              <p class="muted">
                {kb.documents} documents · {kb.chunks} chunks · template {kb.template}
              </p>
              <p class="card-links">
                <a href={`/kbs/${encodeURIComponent(kb.name)}/chat`}>Chat</a>
                <a href={`/kbs/${encodeURIComponent(kb.name)}/search`}>Search</a>
                <a href={`/kbs/${encodeURIComponent(kb.name)}/settings`}>Settings</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function CreateKb(props: { onCreated: (kb: Kb) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('auto');
  const [provider, setProvider] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let kb = await Api.createKb(name.trim(), template);
      if (provider) kb = await Api.patchKb(kb.name, { chat: { provider, base_url: baseUrl, model } });
      props.onCreated(kb);
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="create-kb-title">
      <h2 id="create-kb-title">New knowledge base</h2>
      <div class="row">
        <label>
          Name
          <input
            name="name"
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*"
            title="Letters, digits, '_', '-', '.'"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          Chunking template
          <select name="template" value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
            {TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Answering model
          <select name="provider" value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
            <option value="">server default ([chat])</option>
            <option value="none">none (extractive answers)</option>
            <option value="openai">OpenAI-compatible server</option>
            <option value="ollama">Ollama</option>
          </select>
        </label>
      </div>
      {(provider === 'openai' || provider === 'ollama') && (
        <div class="row">
          <label>
            Base URL
            <input value={baseUrl} placeholder="http://127.0.0.1:11434" onInput={(e) => setBaseUrl(e.currentTarget.value)} />
          </label>
          <label>
            Model
            <input value={model} placeholder="qwen2.5:7b" onInput={(e) => setModel(e.currentTarget.value)} />
          </label>
        </div>
      )}
      <p class="muted small">Embeddings use the server's [embedding] settings (BM25 + LSA when none is configured).</p>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create'}
      </button>
    </form>
  );
}

export function KbSettings(props: { kb: Kb; onChanged: (kb: Kb) => void }) {
  const { kb } = props;
  const chat = kb.settings.chat ?? {};
  const [provider, setProvider] = useState<string>(chat.provider ?? '');
  const [baseUrl, setBaseUrl] = useState<string>(chat.base_url ?? '');
  const [model, setModel] = useState<string>(chat.model ?? '');
  const [prompt, setPrompt] = useState<string>(kb.settings.prompt_template ?? '');
  const [tokens, setTokens] = useState<number>(kb.settings.chunk_tokens ?? 512);
  const [overlap, setOverlap] = useState<number>(kb.settings.chunk_overlap ?? 64);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmName, setConfirmName] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    try {
      const updated = await Api.patchKb(kb.name, {
        chat: provider ? { provider, base_url: baseUrl, model } : null,
        prompt_template: prompt || null,
        chunk_tokens: Number(tokens),
        chunk_overlap: Number(overlap),
      });
      props.onChanged(updated);
      setStatus('Saved.');
    } catch (err) {
      setError(errText(err));
    }
  };
  const remove = async (e: Event) => {
    e.preventDefault();
    try {
      await Api.deleteKb(kb.name);
      navigate('/');
    } catch (err) {
      setError(errText(err));
    }
  };
  const emb = kb.settings.embedding;
  return (
    <div>
      <form class="panel" onSubmit={save} aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <p>
          Template <strong>{kb.template}</strong> · embedding{' '}
          <strong>{emb ? `${emb.provider ?? ''} ${emb.model ?? ''}`.trim() : 'none (BM25 + LSA)'}</strong>
        </p>
        <div class="row">
          <label>
            Chunk size (tokens)
            <input type="number" min={16} max={8192} value={tokens} onInput={(e) => setTokens(Number(e.currentTarget.value))} />
          </label>
          <label>
            Overlap (tokens)
            <input type="number" min={0} max={4096} value={overlap} onInput={(e) => setOverlap(Number(e.currentTarget.value))} />
          </label>
        </div>
        <p class="muted small">Chunk sizes apply to documents uploaded or re-parsed afterwards.</p>
        <div class="row">
          <label>
            Answering model
            <select value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
              <option value="">server default ([chat])</option>
              <option value="none">none (extractive answers)</option>
              <option value="openai">OpenAI-compatible server</option>
              <option value="ollama">Ollama</option>
            </select>
          </label>
          <label>
            Base URL
            <input value={baseUrl} disabled={!provider || provider === 'none'} onInput={(e) => setBaseUrl(e.currentTarget.value)} />
          </label>
          <label>
            Model
            <input value={model} disabled={!provider || provider === 'none'} onInput={(e) => setModel(e.currentTarget.value)} />
          </label>
        </div>
        <label class="block">
          System prompt template (must contain {'{sources}'}; empty: built-in)
          <textarea rows={5} value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        {status && <p role="status">{status}</p>}
        <button type="submit">Save settings</button>
      </form>
      <form class="panel danger" onSubmit={remove} aria-labelledby="delete-title">
        <h2 id="delete-title">Delete knowledge base</h2>
        <p>
          Deletes <strong>{kb.name}</strong> with its {kb.documents} documents and {kb.chunks} chunks. This cannot be
          undone.
        </p>
        <label>
          Type the name to confirm
          <input value={confirmName} onInput={(e) => setConfirmName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="danger" disabled={confirmName !== kb.name}>
          Delete {kb.name}
        </button>
      </form>
    </div>
  );
}
