// The official `openai` npm client asking `lore serve` through its
// OpenAI-compatible API. Run by tests/e2e/openai_client_test.cpp:
//   node client.mjs <base_url (…/v1)> <api_key> <kb> <question>
// Prints one JSON object with what the client saw; the C++ test checks it.
// Exits non-zero (with the error on stderr) when the client throws.
import OpenAI from 'openai';

const [baseURL, apiKey, kb, question] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const model = `lore:${kb}`;
const messages = [{ role: 'user', content: question }];

const models = [];
for await (const m of client.models.list()) models.push(m.id);

const completion = await client.chat.completions.create({ model, messages });

const stream = await client.chat.completions.create({ model, messages, stream: true });
const streamed = { chunks: 0, content: '', role: null, finish_reason: null, citations: null, ids: new Set() };
for await (const chunk of stream) {
  streamed.chunks += 1;
  streamed.ids.add(chunk.id);
  const choice = chunk.choices[0];
  if (choice?.delta?.role) streamed.role = choice.delta.role;
  if (choice?.delta?.content) streamed.content += choice.delta.content;
  if (choice?.finish_reason) streamed.finish_reason = choice.finish_reason;
  if (chunk.citations) streamed.citations = chunk.citations;
}

// The client's own error type for a knowledge base this key cannot see.
let missing = null;
try {
  await client.chat.completions.create({ model: 'lore:no-such-kb', messages });
} catch (e) {
  missing = { name: e.constructor.name, status: e.status, not_found: e instanceof OpenAI.NotFoundError };
}

console.log(JSON.stringify({
  models,
  completion: {
    object: completion.object,
    model: completion.model,
    content: completion.choices[0].message.content,
    role: completion.choices[0].message.role,
    finish_reason: completion.choices[0].finish_reason,
    citations: completion.citations ?? null,
  },
  stream: { ...streamed, ids: streamed.ids.size },
  missing,
}));
