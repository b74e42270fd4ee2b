// Browser tests of the web UI: Playwright (playwright-core) drives Debian's
// chromium against a real `lore serve` on loopback with a fresh data dir.
//
// Env (set by CTest, web/CMakeLists.txt): LORE_BINARY, LORE_WEB_DIR (the
// built UI), LORE_UI_ARTIFACTS (screenshots). CHROMIUM overrides the browser.
// Exit 77 (CTest: skipped) when chromium or playwright-core is missing.
// Prints "N passed, N failed" last.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeDocx, makePdf, PDF_FACT } from './fixtures.mjs';

const SKIP = 77;
const here = path.dirname(new URL(import.meta.url).pathname);
const binary = process.env.LORE_BINARY ?? path.resolve(here, '../../build/lore');
const webDir = process.env.LORE_WEB_DIR ?? path.resolve(here, '../../build/web');
const artifacts = process.env.LORE_UI_ARTIFACTS ?? path.resolve(here, '../../build/web-ui-artifacts');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

if (!fs.existsSync(browserPath)) {
  console.log(`SKIPPED: ${browserPath} not found (install Debian's chromium: scripts/install-deps.sh)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`SKIPPED: playwright-core is not installed (cd web && npm ci): ${e.message}`);
  process.exit(SKIP);
}
for (const [what, p] of [['lore binary', binary], ['built web UI', path.join(webDir, 'index.html')]])
  if (!fs.existsSync(p)) {
    console.error(`FAILED: ${what} missing at ${p}`);
    process.exit(1);
  }
fs.mkdirSync(artifacts, { recursive: true });

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// --- the server ----------------------------------------------------------
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lore-ui-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let serverLog = '';
const server = spawn(binary, ['serve', '--port', String(port)], {
  cwd: work,
  env: { ...process.env, LORE_DATA_DIR: path.join(work, 'data'), LORE_SERVER_WEB_DIR: webDir, LORE_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
let exited = false;
server.on('exit', () => (exited = true));
for (let i = 0; ; i++) {
  if (exited) {
    console.error(`FAILED: lore serve exited:\n${serverLog}`);
    process.exit(1);
  }
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    /* not yet */
  }
  if (i > 300) {
    console.error(`FAILED: lore serve did not become healthy:\n${serverLog}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}

const pdf = makePdf();
fs.writeFileSync(path.join(work, 'field-guide.pdf'), pdf.bytes);
fs.writeFileSync(path.join(work, 'ferry.docx'), makeDocx());

const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
page.setDefaultTimeout(30000);
const consoleErrors = [];
page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
page.on('pageerror', (e) => consoleErrors.push(String(e)));

// --- the tests (in order: each builds on the previous) --------------------
let passed = 0, failed = 0;
const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
function check(cond, message) {
  if (!cond) throw new Error(message);
}
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`[  PASSED ] ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`[  FAILED ] ${name}: ${e.stack ?? e}`);
    await shot(`FAILED-${name.replace(/\W+/g, '_')}`).catch(() => {});
  }
}
const rectsOf = (locator) =>
  locator.evaluateAll((els) =>
    els.map((e) => ({ x: +e.getAttribute('x'), y: +e.getAttribute('y'), w: +e.getAttribute('width'), h: +e.getAttribute('height'), box: e.getBoundingClientRect().toJSON() })),
  );

await test('serves the app shell at / and on client routes, API 404s stay JSON', async () => {
  const root = await fetch(`${base}/`);
  check(root.ok && (root.headers.get('content-type') ?? '').startsWith('text/html'), 'GET / is not HTML');
  const deep = await fetch(`${base}/kbs/x/chat`);
  check(deep.ok && (await deep.text()).includes('<div id="app">'), 'client route does not get index.html');
  const api = await fetch(`${base}/api/v1/nope`);
  check(api.status === 404 && (await api.json()).error.code === 'not_found', 'API miss is not a JSON 404');
  const html = await (await fetch(`${base}/`)).text();
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
  const asset = await fetch(base + js);
  check((asset.headers.get('content-type') ?? '').startsWith('text/javascript'), `JS MIME type is ${asset.headers.get('content-type')}`);
});

await test('create a knowledge base', async () => {
  await page.goto(base + '/');
  await page.getByLabel('Name').fill('guide');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL('**/kbs/guide/documents');
  await page.getByRole('heading', { name: 'guide', level: 1 }).waitFor();
});

await test('upload a PDF and a DOCX, see per-file progress reach done', async () => {
  await page.getByTestId('file-input').setInputFiles([path.join(work, 'field-guide.pdf'), path.join(work, 'ferry.docx')]);
  const uploads = page.getByTestId('upload');
  await uploads.nth(1).waitFor();
  check((await uploads.count()) === 2, 'expected two upload rows');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid=upload]')].every((e) => ['done', 'failed'].includes(e.dataset.state)),
    null,
    { timeout: 180000 },
  );
  const states = await uploads.evaluateAll((els) => els.map((e) => e.dataset.state + ': ' + e.textContent));
  check(states.every((s) => s.startsWith('done')), `uploads not done: ${states.join(' | ')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=doc-row][data-status=done]').length === 2);
  await shot('01-documents');
});

await test('a bad file gets its own error with the reason', async () => {
  const bad = path.join(work, 'broken.pdf');
  fs.writeFileSync(bad, 'this is not a PDF at all');
  await page.getByTestId('file-input').setInputFiles([bad]);
  await page.waitForFunction(() => {
    const e = document.querySelector('[data-testid=upload]');
    return e && e.dataset.state === 'failed';
  }, null, { timeout: 120000 });
  const text = await page.getByTestId('upload').first().textContent();
  check(/broken\.pdf/.test(text) && /PDF/i.test(text), `failed upload shows no reason: ${text}`);
});

await test('chunk view draws boxes over the page image; clicking one shows its text', async () => {
  await page.getByRole('link', { name: 'field-guide.pdf' }).first().click();
  await page.waitForURL(/\/documents\/\d+/);
  const img = page.locator('[data-testid=page-view] img');
  await img.waitFor();
  await page.waitForFunction(() => {
    const i = document.querySelector('[data-testid=page-view] img');
    return i && i.complete && i.naturalWidth > 0;
  });
  const boxes = page.getByTestId('chunk-box');
  await boxes.first().waitFor();
  const rects = await rectsOf(boxes);
  const imgBox = await img.boundingBox();
  check(rects.length >= 2, `expected several boxes on page 1, got ${rects.length}`);
  for (const r of rects) {
    check(r.w > 10 && r.h > 5, `degenerate box ${JSON.stringify(r)}`);
    check(r.x >= 0 && r.y >= 0 && r.x + r.w <= 612 && r.y + r.h <= 792, `box outside the page ${JSON.stringify(r)}`);
    check(r.box.x >= imgBox.x - 1 && r.box.right <= imgBox.x + imgBox.width + 1 && r.box.bottom <= imgBox.y + imgBox.height + 1, 'box drawn outside the image');
  }
  // The first box is the title line "1. The harbour" at the top left.
  check(rects[0].y < 100, `first box not at the top: ${JSON.stringify(rects[0])}`);
  await boxes.first().click();
  const detail = page.getByTestId('chunk-detail');
  await detail.waitFor();
  check(/harbour authority inspects the cranes/.test(await detail.textContent()), 'chunk text not shown');
  await shot('02-chunk-view');
});

await test('disable and re-enable a chunk, edit its text', async () => {
  const detail = page.getByTestId('chunk-detail');
  await detail.getByRole('button', { name: 'Disable' }).click();
  await detail.getByText('Disabled: no longer retrieved.').waitFor();
  check((await page.locator('[data-testid=chunk-box].dimmed').count()) > 0, 'disabled chunk not drawn dimmed');
  await detail.getByRole('button', { name: 'Enable' }).click();
  await detail.getByText('Enabled.').waitFor();
  await detail.getByRole('button', { name: 'Edit text' }).click();
  const area = detail.getByLabel('Chunk text');
  await area.fill((await area.inputValue()) + '\nThe harbour cat is called Admiral Whiskers.');
  await detail.getByRole('button', { name: 'Save' }).click();
  await detail.getByText('Saved and re-indexed.').waitFor();
  const r = await (await fetch(`${base}/api/v1/kbs/guide/search?q=Admiral%20Whiskers`)).json();
  check(r.results.length > 0 && r.results[0].text.includes('Admiral Whiskers'), 'edited text is not searchable');
});

await test('a DOCX has no page image: its chunks are listed, tables as tables', async () => {
  await page.getByRole('link', { name: '← Documents' }).click();
  await page.getByRole('link', { name: 'ferry.docx' }).first().click();
  const items = page.locator('.chunk-list li');
  await items.first().waitFor();
  check((await page.getByTestId('page-view').count()) === 0, 'a DOCX should have no page view');
  const table = page.locator('.chunk-list button', { hasText: /#\d+ table —/ });
  check((await table.count()) === 1, 'the DOCX table is not one table chunk');
  {
    await table.first().click();
    await page.locator('.chunk-table td', { hasText: 'Monday' }).waitFor();
  }
  await shot('03-docx-chunks');
});

await test('chat: streamed cited answer; the citation opens the page with the region highlighted', async () => {
  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByLabel('Question').fill(PDF_FACT.question);
  await page.getByRole('button', { name: 'Ask' }).click();
  const answer = page.getByTestId('answer').last();
  await page.waitForFunction(() => {
    const a = [...document.querySelectorAll('[data-testid=answer]')].pop();
    return a && a.dataset.streaming === 'false';
  }, null, { timeout: 120000 });
  const text = await answer.textContent();
  check(text.includes(PDF_FACT.answerWord), `answer lacks the fact: ${text}`);
  check(/\/chat\/\d+$/.test(page.url()), 'no session in the URL');
  const cite = answer.getByTestId('citation').first();
  await cite.click();
  const viewer = page.getByTestId('source-viewer');
  await viewer.waitFor();
  const hl = viewer.getByTestId('highlight-box');
  await hl.first().waitFor();
  await page.waitForFunction(() => {
    const i = document.querySelector('[data-testid=source-viewer] img');
    return i && i.complete && i.naturalWidth > 0;
  });
  const shownPage = Number(/page (\d+)/.exec(await viewer.textContent())[1]);
  const fact = pdf.factLines[0];
  check(shownPage === fact.page, `citation opened page ${shownPage}, the fact is on page ${fact.page}`);
  const rects = await rectsOf(hl);
  // The cited line (laid out at fact.top..fact.bottom) is highlighted.
  const covers = rects.some((r) => Math.min(r.y + r.h, fact.bottom) - Math.max(r.y, fact.top) > 0.5 * (fact.bottom - fact.top));
  check(covers, `no highlight covers the cited line (y ${fact.top}-${fact.bottom}): ${JSON.stringify(rects.map((r) => [r.x, r.y, r.w, r.h]))}`);
  check(rects.every((r) => r.h < 60), 'highlight is not specific to the quoted lines (taller than 60 pt)');
  await shot('04-citation');
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });
});

await test('chat: a question the documents cannot answer is shown as not found', async () => {
  await page.getByLabel('Question').fill('Which volcano erupted on Jupiter in 1802?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByTestId('not-found').last().waitFor({ timeout: 120000 });
  await page.getByText('Timings').last().click();
  await page.locator('.timings table').last().waitFor();
  await shot('05-not-found');
});

await test('search playground lists ranked chunks with scores', async () => {
  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Query').fill('ferry ticket colour');
  await page.getByRole('button', { name: 'Search' }).click();
  const hits = page.getByTestId('hit');
  await hits.first().waitFor();
  const first = await hits.first().textContent();
  check(first.includes('ferry.docx') && first.includes('saffron'), `top hit is not the ferry document: ${first.slice(0, 200)}`);
  check(/score/.test(first) && /BM25 rank/.test(first), 'scores not shown');
  await shot('06-search');
});

await test('tags: edit a document\'s tags in the list, filter the search playground by tag', async () => {
  await page.goto(base + '/kbs/guide/documents');
  await page.getByRole('button', { name: 'Edit tags of ferry.docx' }).click();
  await page.getByLabel('Tags of ferry.docx').fill('transport, boats');
  await page.getByRole('button', { name: 'Save' }).click();
  const row = page.getByTestId('doc-row').filter({ hasText: 'ferry.docx' });
  await row.getByText('transport').waitFor();
  const doc = (await (await fetch(`${base}/api/v1/kbs/guide/documents`)).json()).documents.find((d) => d.name === 'ferry.docx');
  check(JSON.stringify(doc.tags) === '["transport","boats"]', `tags not saved: ${JSON.stringify(doc.tags)}`);
  await shot('06b-tags');
  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Query').fill('harbour ferry saffron');
  await page.getByLabel('Tags').fill('transport');
  await page.getByRole('button', { name: 'Search' }).click();
  const hits = page.getByTestId('hit');
  await hits.first().waitFor();
  const docs = await hits.evaluateAll((els) => els.map((e) => e.querySelector('button.link')?.textContent));
  check(docs.length > 0 && docs.every((d) => d === 'ferry.docx'), `tag filter let other documents through: ${docs}`);
  await page.getByLabel('Tags').fill('no-such-tag');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText(/^0 results/).waitFor();
});

await test('API keys: the UI asks for a key once the server requires one', async () => {
  const created = await (await fetch(`${base}/api/v1/keys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'ui-test', admin: true }),
  })).json();
  const key = created.key ?? created.api_key ?? created.secret;
  check(typeof key === 'string' && key.length > 10, `no key in ${JSON.stringify(created)}`);
  await page.goto(base + '/');
  const dialog = page.getByRole('dialog', { name: 'API key required' });
  await dialog.waitFor();
  await dialog.getByLabel('API key').fill('wrong-key');
  await dialog.getByRole('button', { name: 'Use key' }).click();
  await dialog.getByRole('alert').waitFor();
  await dialog.getByLabel('API key').fill(key);
  await dialog.getByRole('button', { name: 'Use key' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'guide' }).first().waitFor();
  await shot('07-after-key');
});

await test('no uncaught errors in the page', async () => {
  const unexpected = consoleErrors.filter((e) => !/status of 40[14]/.test(e));
  check(unexpected.length === 0, unexpected.join('\n'));
});

await browser.close();
server.kill('SIGTERM');
await new Promise((r) => (exited ? r() : server.on('exit', r)));
fs.rmSync(work, { recursive: true, force: true });
console.log(`screenshots: ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
