import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderMessages } from '../../core/prompt/render.ts';
import type { Message } from '../../core/prompt/types.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { canonicalInvoiceJson, invoiceExtractTask, invoiceTruth } from './invoice-extract.ts';
import { parseMetaPrompt } from './operators.ts';
import { simulate } from './simulate.ts';
import { splitPrompt } from './split.ts';
import type { SimTask } from './task.ts';
import { ticketTriageTask, triageFeatures, triageTruth } from './ticket-triage.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const jsonl = (p: string) =>
  readFileSync(`${root}${p}`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
const tickets = jsonl('templates/classification/datasets/ticket-triage.jsonl');
const invoices = jsonl('templates/extraction/datasets/invoices.jsonl');

function accuracy(
  task: SimTask,
  rows: Record<string, unknown>[],
  messages: Message[],
  extra: Partial<ChatRequest> = {},
) {
  let ok = 0;
  for (const row of rows) {
    const r = simulate(task, {
      model: task.name,
      messages: renderMessages(messages, row),
      parameters: { temperature: 0 },
      ...extra,
    });
    if (r.text === row.expected) ok++;
  }
  return ok / rows.length;
}

const BARE: Message[] = [{ role: 'user', content: 'Classify this ticket.\n\n{{ticket}}' }];
const GOOD: Message[] = [
  {
    role: 'system',
    content: `You triage customer support tickets into categories.
Answer with exactly one of these labels: billing, bug, feature_request, account, other.
billing = refunds, charges, invoices, payments, subscriptions; bug = errors, crashes, something broken or not working; feature_request = asking to add a feature or support for something; account = password, login, 2FA, profile or email address; other = anything else.
Examples:
I was charged twice for my subscription, please refund me. -> billing
The app crashes with an error every time I open settings. -> bug
It would be great if you could add dark mode. -> feature_request
I am locked out and the password reset link never arrives. -> account
What are your office opening hours? -> other
Respond with only the label, nothing else.`,
  },
  { role: 'user', content: '{{ticket}}' },
];
const template = parse(
  readFileSync(`${root}templates/classification/prompts/ticket-triage.prompt.yml`, 'utf8'),
) as {
  messages: Message[];
  model: string;
};

test('the datasets agree with the tasks’ ground-truth functions', () => {
  assert.ok(tickets.length >= 50);
  const labels = new Set(tickets.map((r) => r.expected));
  assert.deepEqual([...labels].sort(), ['account', 'billing', 'bug', 'feature_request', 'other']);
  for (const r of tickets) assert.equal(triageTruth(r.ticket!), r.expected, r.ticket);
  assert.ok(invoices.length >= 30);
  for (const r of invoices) assert.equal(canonicalInvoiceJson(invoiceTruth(r.invoice!)!), r.expected);
});

test('ticket-triage: a good prompt beats the template, which beats a bare prompt, by clear margins', () => {
  const bare = accuracy(ticketTriageTask, tickets, BARE);
  const mediocre = accuracy(ticketTriageTask, tickets, template.messages);
  const good = accuracy(ticketTriageTask, tickets, GOOD);
  assert.equal(template.model, 'simulated/ticket-triage');
  assert.ok(good - bare >= 0.4, `good ${good} vs bare ${bare}`);
  assert.ok(good - mediocre >= 0.3, `good ${good} vs template ${mediocre}`);
  assert.ok(mediocre > bare, `template ${mediocre} vs bare ${bare}`);
  assert.ok(good >= 0.75, `good ${good}`);
});

test('ticket-triage: each feature moves accuracy the documented way', () => {
  const sys = (content: string): Message[] => [
    { role: 'system', content },
    { role: 'user', content: '{{ticket}}' },
  ];
  const base = 'You classify support tickets. Labels: billing, bug, feature_request, account, other.';
  const a = accuracy(ticketTriageTask, tickets, sys(base));
  const withFormat = accuracy(ticketTriageTask, tickets, sys(`${base} Respond with only the label.`));
  const withNoise = accuracy(
    ticketTriageTask,
    tickets,
    sys(
      `${base} Respond with only the label. Bananas are yellow and sweet. The weather is nice today. Paris is lovely in May.`,
    ),
  );
  const contradictory = accuracy(
    ticketTriageTask,
    tickets,
    sys(`${base} Respond with only the label. Explain your reasoning in detail.`),
  );
  assert.ok(withFormat - a >= 0.2, `format rule: ${a} → ${withFormat}`);
  assert.ok(withFormat - withNoise >= 0.1, `irrelevant text: ${withFormat} → ${withNoise}`);
  assert.ok(withFormat - contradictory >= 0.2, `contradiction: ${withFormat} → ${contradictory}`);
});

test('deterministic for a seed and the request; the seed changes the luck', () => {
  const req: ChatRequest = {
    model: 'ticket-triage',
    messages: renderMessages(template.messages, tickets[0]!),
    parameters: {},
    seed: 7,
  };
  assert.deepEqual(simulate(ticketTriageTask, req), simulate(ticketTriageTask, structuredClone(req)));
  const outs = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    for (const row of tickets.slice(0, 10)) {
      outs.add(
        simulate(ticketTriageTask, { ...req, messages: renderMessages(template.messages, row), seed }).text,
      );
    }
  }
  assert.ok(outs.size > 3);
});

test('labelled, tokens ~ chars/4, longer prompts cost more tokens and modelled time', () => {
  const short = simulate(ticketTriageTask, {
    model: 't',
    messages: renderMessages(BARE, tickets[0]!),
    parameters: {},
  });
  const long = simulate(ticketTriageTask, {
    model: 't',
    messages: renderMessages(GOOD, tickets[0]!),
    parameters: {},
  });
  assert.equal(short.simulated, true);
  assert.ok(long.usage.inputTokens > short.usage.inputTokens * 3);
  assert.ok(long.latencyMs > short.latencyMs);
  const chars = renderMessages(GOOD, tickets[0]!).reduce((n, m) => n + m.content.length, 0);
  assert.ok(Math.abs(long.usage.inputTokens - chars / 4) < 20);
  const truncated = simulate(ticketTriageTask, {
    model: 't',
    messages: renderMessages(GOOD, { ticket: 'It would be great if you could add a feature: dark mode' }),
    parameters: { maxTokens: 1 },
  });
  assert.equal(truncated.text.length <= 4, true, 'maxTokens truncates the answer');
});

test('the case is the last user message after a marker; the rest instructs', () => {
  const s = splitPrompt([
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'Classify.\nTicket: my card was charged' },
  ]);
  assert.equal(s.input, 'my card was charged');
  assert.equal(s.instructions, 'sys\n\nClassify.\n');
  assert.equal(splitPrompt([{ role: 'user', content: 'A\n\nB' }]).input, 'B');
  const shots = splitPrompt([
    { role: 'system', content: 'Classify.' },
    { role: 'user', content: 'I want a refund\nplease' },
    { role: 'assistant', content: 'billing' },
    { role: 'user', content: 'the app crashes' },
  ]);
  assert.equal(shots.instructions, 'Classify.\n\nI want a refund please -> billing');
  assert.equal(triageFeatures(shots.instructions).goodExamples, 1, 'few-shot chat turns count as examples');
});

test('invoice-extract: JSON-only rules, formats and responseFormat raise exact-match accuracy', () => {
  const extraction = parse(
    readFileSync(`${root}templates/extraction/prompts/invoice-extract.prompt.yml`, 'utf8'),
  ) as {
    messages: Message[];
  };
  const good: Message[] = [
    {
      role: 'system',
      content: `You extract fields from invoices.
Return only a JSON object with the keys "vendor", "total", "currency" and "date", and no other text.
Write the date as YYYY-MM-DD. Give the currency as its three-letter ISO 4217 code. The total must be a number without currency symbols.
Example output: {"vendor":"Acme Corp","total":1234.5,"currency":"USD","date":"2025-03-14"}`,
    },
    { role: 'user', content: 'Invoice:\n{{invoice}}' },
  ];
  const mediocre = accuracy(invoiceExtractTask, invoices, extraction.messages);
  const withJsonMode = accuracy(invoiceExtractTask, invoices, extraction.messages, {
    responseFormat: 'json_object',
  });
  const best = accuracy(invoiceExtractTask, invoices, good);
  assert.ok(best - mediocre >= 0.5, `good ${best} vs template ${mediocre}`);
  assert.ok(withJsonMode > mediocre, `json mode ${withJsonMode} vs ${mediocre}`);
  const first = simulate(invoiceExtractTask, {
    model: 'x',
    messages: renderMessages(good, invoices[0]!),
    parameters: {},
  });
  assert.deepEqual(Object.keys(JSON.parse(first.text)), ['vendor', 'total', 'currency', 'date']);
});

function meta(kind: string, body: string): ChatRequest {
  return {
    model: 'ticket-triage',
    messages: [
      {
        role: 'system',
        content: `evohub-operator: ${kind}\nYou improve prompts. Answer with the new prompt between prompt tags.`,
      },
      { role: 'user', content: body },
    ],
    parameters: {},
    seed: 3,
  };
}
const newPrompt = (text: string) =>
  /<prompt>\n([\s\S]*)\n<\/prompt>/.exec(text)?.[1] ?? assert.fail(`no prompt in ${text}`);

test('meta-prompts: parsed from the documented header and tags', () => {
  const m = parseMetaPrompt(
    'evohub-operator: reflect\n<prompt score="0.5">Classify.</prompt>\n<failure>\ninput: my card\nwas charged\nexpected: billing\noutput: Billing\n</failure>',
  );
  assert.deepEqual(m, {
    kind: 'reflect',
    prompts: [{ text: 'Classify.', score: 0.5 }],
    failures: [{ input: 'my card\nwas charged', expected: 'billing', output: 'Billing' }],
  });
  assert.equal(parseMetaPrompt('evohub-operator: dance\n<prompt>x</prompt>'), undefined);
});

/** The failing cases of a prompt on some rows, as a reflection meta-prompt lists them (the first `n`). */
function failureBlocks(
  task: SimTask,
  rows: Record<string, unknown>[],
  messages: Message[],
  n: number,
): string {
  const out: string[] = [];
  for (const row of rows) {
    const rendered = renderMessages(messages, row);
    const r = simulate(task, { model: task.name, messages: rendered, parameters: { temperature: 0 } });
    const input = (rendered.at(-1)?.content ?? '').replace(/\s+/g, ' ');
    if (r.text !== row.expected && out.length < n)
      out.push(
        `<failure>\ninput: ${input}\nexpected: ${String(row.expected)}\noutput: ${r.text.replace(/\s+/g, ' ')}\n</failure>`,
      );
  }
  return out.join('\n');
}

test('meta-prompts: rewrite is deterministic and edits; reflect fixes only what the failures show', () => {
  const start = 'You look at customer messages and pick a category.';
  const r1 = simulate(ticketTriageTask, meta('rewrite', `<prompt>\n${start}\n</prompt>`));
  const r2 = simulate(ticketTriageTask, meta('rewrite', `<prompt>\n${start}\n</prompt>`));
  assert.equal(r1.text, r2.text);
  assert.equal(r1.simulated, true);
  assert.notEqual(newPrompt(r1.text), start);

  // Without failing cases the reflector knows nothing to fix: it leaves the instruction as it is.
  assert.equal(
    newPrompt(simulate(ticketTriageTask, meta('reflect', `<prompt>\n${start}\n</prompt>`)).text),
    start,
  );
  // Right answers wrapped in text: a format rule; answers spelt otherwise: the exact answers the failures expect.
  const wrapped = tickets
    .slice(0, 3)
    .map(
      (r) =>
        `<failure>\ninput: ${r.ticket}\nexpected: ${r.expected}\noutput: This ticket is about ${r.expected}.\n</failure>`,
    )
    .join('\n');
  const formatted = newPrompt(
    simulate(ticketTriageTask, meta('reflect', `<prompt>\n${start}\n</prompt>\n${wrapped}`)).text,
  );
  assert.ok(triageFeatures(formatted).formatRule, formatted);
  const misspelt = '<failure>\ninput: I want a refund\nexpected: billing\noutput: payment issue\n</failure>';
  const labelled = newPrompt(
    simulate(ticketTriageTask, meta('reflect', `<prompt>\n${start}\n</prompt>\n${misspelt}`)).text,
  );
  assert.match(labelled, /spelt exactly so: billing\./);
  assert.deepEqual(triageFeatures(labelled).labelsStated, ['billing'], 'only the label the failure shows');

  const asMessages = (p: string): Message[] => [
    { role: 'system', content: p },
    { role: 'user', content: '{{ticket}}' },
  ];
  let prompt = start;
  for (let i = 0; i < 6; i++) {
    const failures = failureBlocks(ticketTriageTask, tickets.slice(i * 8), asMessages(prompt), 4);
    prompt = newPrompt(
      simulate(ticketTriageTask, meta('reflect', `<prompt>\n${prompt}\n</prompt>\n${failures}`)).text,
    );
  }
  assert.ok(
    accuracy(ticketTriageTask, tickets, asMessages(prompt)) -
      accuracy(ticketTriageTask, tickets, asMessages(start)) >=
      0.3,
    prompt,
  );
});

test('meta-prompts for invoice-extract: reflection on failing cases turns the template into a prompt that scores far better', () => {
  const extraction = parse(
    readFileSync(`${root}templates/extraction/prompts/invoice-extract.prompt.yml`, 'utf8'),
  ) as {
    messages: Message[];
  };
  const start = extraction.messages[0]!.content;
  const withSystem = (p: string): Message[] => [{ role: 'system', content: p }, extraction.messages[1]!];
  let prompt = start;
  for (let i = 0; i < 4; i++) {
    const failures = failureBlocks(invoiceExtractTask, invoices.slice(i * 5), withSystem(prompt), 4);
    const req = meta('reflect', `<prompt>\n${prompt}\n</prompt>\n${failures}`);
    prompt = newPrompt(simulate(invoiceExtractTask, { ...req, model: 'invoice-extract' }).text);
  }
  const before = accuracy(invoiceExtractTask, invoices, withSystem(start));
  const afterReflect = accuracy(invoiceExtractTask, invoices, withSystem(prompt));
  assert.ok(afterReflect - before >= 0.4, `${before} → ${afterReflect}: ${prompt}`);
});

test('simulateLatency waits the modelled time and honours an abort', async () => {
  const { createProvider } = await import('../providers/registry.ts');
  const p = await createProvider('simulated/ticket-triage', {
    providers: { simulated: { simulateLatency: true } },
    env: {},
    baseDir: root,
  });
  const controller = new AbortController();
  const pending = p.complete({
    model: 't',
    messages: [{ role: 'user', content: 'refund' }],
    parameters: {},
    signal: controller.signal,
  });
  controller.abort(new Error('stop'));
  await assert.rejects(pending, /stop/);
});

test('meta-prompts: crossover mixes sentences of both parents; opro edits the best-scored prompt', () => {
  const a = 'Sentence A one.\nSentence A two.\nSentence A three.';
  const b = 'Sentence B one.\nSentence B two.\nSentence B three.';
  const child = newPrompt(
    simulate(ticketTriageTask, meta('crossover', `<prompt>\n${a}\n</prompt>\n<prompt>\n${b}\n</prompt>`))
      .text,
  );
  assert.match(child, /Sentence A one/);
  assert.match(child, /Sentence B three/);
  const opro = newPrompt(
    simulate(
      ticketTriageTask,
      meta(
        'opro',
        '<prompt score="0.2">\nWorst prompt here.\n</prompt>\n<prompt score="0.8">\nClassify support tickets.\n</prompt>',
      ),
    ).text,
  );
  assert.match(opro, /Classify support tickets/);
  assert.doesNotMatch(opro, /Worst prompt/);
});
