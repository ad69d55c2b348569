/**
 * The simulated tasks of bench/evolve-quality.ts: a mediocre starting prompt, its dataset and an oracle prompt
 * written by someone who knows the task's hidden rules (the bench's yardstick of the best reachable score; the
 * operators never see it). Three tasks with different rules: label set and examples (ticket triage), JSON
 * formats (invoice extraction), capitals and a MIXED class (review sentiment).
 */
import { readFileSync } from 'node:fs';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';
import { sentimentRows } from '../../evaluator/simulator/review-sentiment.ts';

export type QualityTask = {
  name: string;
  prompt: PromptFile;
  rows: DatasetRow[];
  /** The instruction of a prompt that follows every hidden rule. */
  oracle: string;
};

function jsonl(path: string): DatasetRow[] {
  const url = new URL(`../../${path}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DatasetRow);
}

function prompt(
  model: string,
  description: string,
  system: string,
  user: string,
  metric: string,
  maxTokens: number,
): PromptFile {
  return {
    name: model,
    description,
    model: `simulated/${model}`,
    modelParameters: { temperature: 0, maxTokens },
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    evaluators: [{ name: metric, string: { equals: '{{expected}}' } }] as PromptFile['evaluators'],
  };
}

export function qualityTasks(): QualityTask[] {
  return [
    {
      name: 'ticket-triage',
      prompt: prompt(
        'ticket-triage',
        'Classify a customer support ticket as billing, bug, feature_request, account or other.',
        "You are a helpful assistant for our support team.\nDecide which category the customer's message belongs to: billing, bug, feature_request, account or other.\nWe are based in Lisbon and love good coffee.",
        '{{ticket}}',
        'exact',
        50,
      ),
      rows: jsonl('templates/classification/datasets/ticket-triage.jsonl'),
      oracle: [
        'You triage customer support tickets into categories.',
        'Answer with exactly one of these labels: billing, bug, feature_request, account, other.',
        'Respond with only the label, nothing else.',
        'billing = refunds, charges, invoices, payments, subscriptions; bug = errors, crashes, something broken or not working; feature_request = asking to add a feature or support for something; account = password, login, 2FA, profile or email address; other = anything else.',
        'I was charged twice for my subscription, please refund me. -> billing',
        'The app crashes with an error every time I open settings. -> bug',
        'It would be great if you could add dark mode. -> feature_request',
        'I am locked out and the password reset link never arrives. -> account',
        'What are your office opening hours? -> other',
      ].join('\n'),
    },
    {
      name: 'invoice-extract',
      prompt: prompt(
        'invoice-extract',
        'Extract vendor, total, currency and date from an invoice as a JSON object.',
        'You read invoices for the accounts payable team.\nExtract the vendor, the total, the currency and the date, and give them as JSON.',
        'Invoice:\n{{invoice}}',
        'exact',
        200,
      ),
      rows: jsonl('templates/extraction/datasets/invoices.jsonl'),
      oracle: [
        'You extract fields from invoices for the accounts payable team.',
        'Return only a JSON object with the keys "vendor", "total", "currency" and "date", and no other text.',
        'Write the date as YYYY-MM-DD.',
        'Give the currency as its three-letter ISO 4217 code (USD, EUR, GBP).',
        'The total must be a number without currency symbols or thousands separators.',
        'Example output: {"vendor":"Acme Corp","total":1234.5,"currency":"USD","date":"2025-03-14"}',
      ].join('\n'),
    },
    {
      name: 'review-sentiment',
      prompt: prompt(
        'review-sentiment',
        'Label the sentiment of a product review as POSITIVE, NEGATIVE, NEUTRAL or MIXED.',
        'You read product reviews for the shop.\nTell us how the customer feels about the product.\nOur warehouse is in Rotterdam and ships daily.',
        'Review: {{review}}',
        'exact',
        50,
      ),
      rows: sentimentRows(120, 1),
      oracle: [
        'You classify the sentiment of product reviews.',
        'Answer with exactly one of these labels, in capitals: POSITIVE, NEGATIVE, NEUTRAL, MIXED.',
        'Respond with only the label, nothing else.',
        'A review with both praise and complaints is MIXED.',
        'A review with no opinion about the product is NEUTRAL.',
        'I love the kettle, it is great. -> POSITIVE',
        'It broke after a week, a waste of money. -> NEGATIVE',
      ].join('\n'),
    },
  ];
}
