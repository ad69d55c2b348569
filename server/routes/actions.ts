/**
 * Write actions (write-scope key, this origin, JSON body): promote, propose and start an evolve, performed by the
 * CLI's own implementations. Each attempt is recorded in the audit log, with its result, before answering.
 */
import type { Context } from 'hono';
import { EvohubError, UsageError } from '../../core/errors.ts';
import type { ActionResult, ServerDeps } from '../deps.ts';
import { HttpError } from '../http-errors.ts';
import type { Env, Router } from '../router.ts';

const MAX_BODY = 64_000;

async function body(c: Context<Env>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw new UsageError(`request body over ${MAX_BODY} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError('request body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError('request body must be a JSON object');
  return data as Record<string, unknown>;
}

function field(b: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = b[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '' || v.length > 300 || [...v].some((ch) => ch.charCodeAt(0) < 32)) {
    throw new UsageError(`field "${name}" must be a non-empty string`, {
      location: { file: 'request body', field: `/${name}` },
    });
  }
  return v;
}

function only(b: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(b).filter((k) => !allowed.includes(k));
  if (extra.length)
    throw new UsageError(`unknown field(s): ${extra.join(', ')}`, { hint: `allowed: ${allowed.join(', ')}` });
}

async function audited(
  deps: ServerDeps,
  c: Context<Env>,
  action: string,
  target: string,
  work: () => Promise<ActionResult>,
): Promise<{ ok: true; output: unknown }> {
  const who = c.get('caller').id;
  const at = deps.now().toISOString();
  try {
    const { output } = await work();
    const detail = deps.redact(JSON.stringify(output ?? null)).slice(0, 500);
    await deps.audit.append({ at, who, action, target, result: 'ok', detail });
    return { ok: true, output };
  } catch (error) {
    const detail = error instanceof EvohubError ? error.userMessage() : 'internal error';
    await deps.audit.append({
      at,
      who,
      action,
      target,
      result: 'error',
      detail: deps.redact(detail).slice(0, 500),
    });
    throw error;
  }
}

export function actionRoutes(r: Router): void {
  const { deps } = r;
  const actions = () => {
    if (!deps.actions) throw new HttpError('FORBIDDEN', 'this server performs no write actions');
    return deps.actions;
  };
  r.post('/api/v1/actions/promote', 'write', async (c) => {
    const b = await body(c);
    only(b, ['spec', 'env', 'create', 'candidate']);
    const spec = field(b, 'spec', true) as string;
    const env = field(b, 'env', true) as string;
    const candidate = field(b, 'candidate', false);
    const create = b.create === true;
    const target = `${spec}${candidate ? ` candidate ${candidate}` : ''} → ${env}`;
    return audited(deps, c, 'promote', target, () => actions().promote({ spec, env, create, candidate }));
  });
  r.post('/api/v1/actions/propose', 'write', async (c) => {
    const b = await body(c);
    only(b, ['run', 'candidate']);
    const input = { run: field(b, 'run', true) as string, candidate: field(b, 'candidate', false) };
    const target = `run ${input.run}${input.candidate ? ` candidate ${input.candidate}` : ''}`;
    return audited(deps, c, 'propose', target, () => actions().propose(input));
  });
  r.post('/api/v1/actions/evolve', 'write', async (c) => {
    const b = await body(c);
    only(b, ['prompt', 'options']);
    const prompt = field(b, 'prompt', true) as string;
    const options = (b.options ?? {}) as Record<string, string | number | boolean>;
    if (typeof options !== 'object' || Array.isArray(options))
      throw new UsageError('field "options" must be an object');
    return audited(deps, c, 'evolve', prompt, () => actions().evolve({ prompt, options }));
  });
  r.get('/api/v1/audit', 'read', async () => ({ entries: await deps.audit.read() }));
}
