import { explainRequested, FORMAT_RULE, irrelevantShare } from './features.ts';
import { clamp, pick } from './hash-rng.ts';
import { ADD_DISTRACTION, removeIrrelevantEdit, withLine } from './shared-edits.ts';
import type { PromptEdit, SimContext, SimTask } from './task.ts';

export type InvoiceFields = { vendor: string; total: number; currency: string; date: string };
/** The fields as they are written in the invoice (what a careless model copies). */
type Raw = {
  vendor: string;
  customer: string;
  total: string;
  amount: number;
  currency: string;
  currencyWritten: string;
  date: string;
  isoDate: string;
};

export const INVOICE_KEYS = ['vendor', 'total', 'currency', 'date'] as const;

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Dates as invoices write them: 2025-03-14, 14/03/2025 (day first), 14 Mar 2025, March 14, 2025. */
export function normaliseDate(text: string): string | undefined {
  const t = text.trim();
  let m = t.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = t.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})/);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!);
  m = t.match(/^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})/);
  if (m) return iso(+m[3]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!);
  m = t.match(/^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4})/);
  if (m) return iso(+m[3]!, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!);
  return undefined;
}

function parseRaw(invoice: string): Raw | undefined {
  const vendor =
    invoice.match(/^(?:From|Vendor|Seller)\s*:\s*(.+?)\s*$/im)?.[1] ??
    invoice.match(/^Issued by (.+?) on /im)?.[1];
  const customer = invoice.match(/^(?:Bill to|Billed to|Customer|Buyer)\s*:\s*(.+?)\s*$/im)?.[1] ?? 'Unknown';
  const dateText =
    invoice.match(/^(?:Date|Invoice date)\s*:\s*(.+?)\s*$/im)?.[1] ??
    invoice.match(/^Issued by .+? on (.+?)\s*$/im)?.[1] ??
    invoice.match(/^Dated (.+?)\s*$/im)?.[1];
  const totalText = invoice.match(/^(?:Total due|Amount due|Grand total|Total)\s*:?\s*(.+?)\s*$/im)?.[1];
  if (!vendor || !dateText || !totalText) return undefined;
  const isoDate = normaliseDate(dateText);
  const amountText = totalText.match(/\d[\d,]*(?:\.\d+)?/)?.[0];
  const symbol = totalText.match(/[$€£¥]/)?.[0];
  const code = totalText.match(/\b[A-Z]{3}\b/)?.[0];
  const currency = code ?? (symbol ? SYMBOLS[symbol] : undefined);
  if (!isoDate || !amountText || !currency) return undefined;
  return {
    vendor,
    customer,
    total: totalText,
    amount: Number(amountText.replace(/,/g, '')),
    currency,
    currencyWritten: code ?? symbol ?? currency,
    date: dateText,
    isoDate,
  };
}

/** The ground truth for an invoice text, or undefined when the text has none of the known layouts. */
export function invoiceTruth(invoice: string): InvoiceFields | undefined {
  const raw = parseRaw(invoice);
  return raw && { vendor: raw.vendor, total: raw.amount, currency: raw.currency, date: raw.isoDate };
}

/** The canonical answer string the template's `equals` evaluator compares with. */
export function canonicalInvoiceJson(f: InvoiceFields): string {
  return JSON.stringify({ vendor: f.vendor, total: f.total, currency: f.currency, date: f.date });
}

export const INVOICE_VOCABULARY = [
  'invoice',
  'extract',
  'json',
  'vendor',
  'total',
  'currency',
  'date',
  'field',
  'key',
  'object',
  'return',
  'respond',
  'output',
  'answer',
  'amount',
  'number',
  'iso',
  'format',
  'example',
  'schema',
  'seller',
  'customer',
  'value',
];

export type InvoiceFeatures = {
  json: boolean;
  jsonOnly: boolean;
  keysStated: (typeof INVOICE_KEYS)[number][];
  isoDate: boolean;
  currencyCode: boolean;
  numericTotal: boolean;
  example: boolean;
  taskStated: boolean;
  explain: boolean;
  irrelevant: number;
};

export function invoiceFeatures(
  instructions: string,
  responseFormat: string | undefined,
  jsonSchema: unknown,
): InvoiceFeatures {
  const schemaText =
    jsonSchema === undefined ? '' : typeof jsonSchema === 'string' ? jsonSchema : JSON.stringify(jsonSchema);
  const all = `${instructions}\n${schemaText}`;
  const lower = all.toLowerCase();
  const structured = responseFormat === 'json_object' || responseFormat === 'json_schema';
  const explain = explainRequested(instructions);
  return {
    json: structured || /\bjson\b/.test(lower),
    jsonOnly:
      structured ||
      (!explain &&
        (FORMAT_RULE.test(instructions) ||
          /only (?:the |valid |a |one )?json|no (?:other|extra) text|no markdown|no code fence/i.test(
            instructions,
          ))),
    keysStated: INVOICE_KEYS.filter((k) => new RegExp(`["'\`]?\\b${k}\\b["'\`]?`).test(lower)),
    isoDate: /yyyy-mm-dd|iso ?8601|iso-8601|"format"\s*:\s*"date"/i.test(all),
    currencyCode: /iso ?4217|three-letter|3-letter|currency code/i.test(all),
    numericTotal:
      /total[^.\n]{0,40}\b(?:number|numeric)\b|\b(?:number|numeric)\b[^.\n]{0,40}total|"total"\s*:\s*\{\s*"type"\s*:\s*"number"/i.test(
        all,
      ),
    example: /\{\s*"vendor"\s*:/.test(instructions),
    taskStated: /invoice/.test(lower) && /extract|pull|read|parse/.test(lower),
    explain,
    irrelevant: irrelevantShare(instructions, INVOICE_VOCABULARY),
  };
}

/** The documented success model: each probability is that of one aspect of the answer being right. */
export function invoiceProbabilities(f: InvoiceFeatures, temperature: number) {
  const hot = Math.max(0, temperature - 1);
  return {
    vendor: clamp(
      0.72 + (f.taskStated ? 0.1 : 0) + (f.example ? 0.1 : 0) - 0.35 * f.irrelevant - 0.1 * hot,
      0.05,
      0.98,
    ),
    isoDate: f.isoDate ? 0.97 : f.example ? 0.7 : 0.3,
    currencyCode: f.currencyCode ? 0.97 : f.example ? 0.7 : 0.5,
    numericTotal: f.numericTotal ? 0.97 : f.example ? 0.8 : 0.5,
    key: (stated: boolean) => (stated ? 0.98 : f.example ? 0.9 : 0.35),
    bareJson: f.jsonOnly ? clamp(0.98 - 0.1 * hot, 0.5, 0.99) : f.json ? 0.35 : 0,
  };
}

const KEY_VARIANTS: Record<(typeof INVOICE_KEYS)[number], readonly string[]> = {
  vendor: ['vendor_name', 'supplier', 'company'],
  total: ['amount', 'total_amount', 'amount_due'],
  currency: ['currency_code', 'curr', 'currency_symbol'],
  date: ['invoice_date', 'issue_date', 'date_issued'],
};

function answer(ctx: SimContext): string {
  const raw = parseRaw(ctx.input);
  const f = invoiceFeatures(ctx.instructions, ctx.request.responseFormat, ctx.request.jsonSchema);
  if (!raw) return f.json ? '{}' : 'I could not find an invoice in the text.';
  const p = invoiceProbabilities(f, ctx.request.parameters.temperature ?? 0);
  const values: Record<string, string | number> = {
    vendor: ctx.draw('vendor') < p.vendor ? raw.vendor : raw.customer,
    total: ctx.draw('total') < p.numericTotal ? raw.amount : raw.total,
    currency: ctx.draw('currency') < p.currencyCode ? raw.currency : raw.currencyWritten,
    date: ctx.draw('date') < p.isoDate ? raw.isoDate : raw.date,
  };
  const obj: Record<string, string | number> = {};
  for (const k of INVOICE_KEYS) {
    const name =
      ctx.draw(`key-${k}`) < p.key(f.keysStated.includes(k))
        ? k
        : pick(KEY_VARIANTS[k], ctx.draw(`keyname-${k}`));
    obj[name] = values[k] as string | number;
  }
  const json = JSON.stringify(obj);
  if (!f.json) {
    return INVOICE_KEYS.map((k) => `${k[0]?.toUpperCase()}${k.slice(1)}: ${values[k]}`).join('\n');
  }
  if (ctx.draw('format') < p.bareJson) return json;
  if (f.explain) return `The vendor appears at the top of the invoice.\n\n${json}`;
  return pick(
    [
      `Here is the extracted data:\n\`\`\`json\n${json}\n\`\`\``,
      `\`\`\`json\n${json}\n\`\`\``,
      `Sure! ${json}`,
    ],
    ctx.draw('wrap'),
  );
}

const JSON_LINE =
  'Return only a JSON object with the keys "vendor", "total", "currency" and "date", and no other text.';
const EXAMPLE_LINE =
  'Example output: {"vendor":"Acme Corp","total":1234.5,"currency":"USD","date":"2025-03-14"}';

export const INVOICE_EDITS: readonly PromptEdit[] = [
  {
    name: 'add-json-format',
    helpful: true,
    applies: (t) => !invoiceFeatures(t, undefined, undefined).jsonOnly,
    apply: (t) => withLine(t, JSON_LINE),
  },
  {
    name: 'add-iso-date',
    helpful: true,
    applies: (t) => !invoiceFeatures(t, undefined, undefined).isoDate,
    apply: (t) => withLine(t, 'Write the date as YYYY-MM-DD.'),
  },
  {
    name: 'add-currency-code',
    helpful: true,
    applies: (t) => !invoiceFeatures(t, undefined, undefined).currencyCode,
    apply: (t) => withLine(t, 'Give the currency as its three-letter ISO 4217 code (USD, EUR, GBP).'),
  },
  {
    name: 'add-numeric-total',
    helpful: true,
    applies: (t) => !invoiceFeatures(t, undefined, undefined).numericTotal,
    apply: (t) => withLine(t, 'The total must be a number without currency symbols or thousands separators.'),
  },
  {
    name: 'add-example',
    helpful: true,
    applies: (t) => !invoiceFeatures(t, undefined, undefined).example,
    apply: (t) => withLine(t, EXAMPLE_LINE),
  },
  removeIrrelevantEdit(INVOICE_VOCABULARY),
  ADD_DISTRACTION,
];

export const invoiceExtractTask: SimTask = {
  name: 'invoice-extract',
  description: 'extract vendor, total, currency and date from an invoice text as JSON',
  answer,
  edits: INVOICE_EDITS,
  vocabulary: INVOICE_VOCABULARY,
};
