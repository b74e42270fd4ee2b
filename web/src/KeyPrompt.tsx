// Asks for an API key when the server requires one (any 401).
import { useState } from 'preact/hooks';
import { Api, setKey } from './api';
import { Modal } from './PageView';
import { errText } from './util';

export function KeyPrompt(props: { reason: string; onDone: () => void }) {
  const [key, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setKey(key.trim(), remember);
    try {
      await Api.whoami();
      props.onDone();
    } catch (err) {
      setError(errText(err));
    }
  };
  return (
    <Modal title="API key required" onClose={props.onDone}>
      <form onSubmit={submit}>
        <p>This server requires an API key ({props.reason}). Create one with <code>lore key create</code>.</p>
        <label class="block">
          API key
          <input type="password" autoComplete="off" required value={key} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <label class="inline">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember on
          this device
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit">Use key</button>
      </form>
    </Modal>
  );
}
