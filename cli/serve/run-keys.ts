/** `evohub serve keys create|list`: the key is printed once; only its hash is stored. */
import path from 'node:path';
import { fileKeyStore } from '../../server/security/keys.ts';
import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { keysFile } from './paths.ts';

type KeysFlags = { scope?: string; name?: string; repo?: string; json?: boolean };

const rootOf = (ctx: CliContext, f: KeysFlags) => findRepoRoot(path.resolve(ctx.cwd, f.repo ?? '.'));

export async function runKeysCreate(ctx: CliContext, f: KeysFlags): Promise<void> {
  const file = keysFile(rootOf(ctx, f));
  const { key, record } = await fileKeyStore(file).create({
    scope: f.scope ?? '',
    name: f.name,
    now: new Date(),
  });
  if (f.json) {
    ctx.stdout.write(`${JSON.stringify({ id: record.id, name: record.name, scope: record.scope, key })}\n`);
    return;
  }
  ctx.stdout.write(
    `${key}\n` +
      `created ${record.scope} key ${record.id}${record.name ? ` (${record.name})` : ''}; it is shown only now: keep it in a secret store.\n` +
      `use it as: Authorization: Bearer <key>\n`,
  );
}

export async function runKeysList(ctx: CliContext, f: KeysFlags): Promise<void> {
  const keys = (await fileKeyStore(keysFile(rootOf(ctx, f))).list()).map(({ sha256: _, ...k }) => k);
  if (f.json) {
    ctx.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    return;
  }
  if (keys.length === 0) ctx.stdout.write('no keys yet (npx evohub serve keys create --scope read)\n');
  for (const k of keys) ctx.stdout.write(`${k.id}  ${k.scope.padEnd(5)}  ${k.createdAt}  ${k.name}\n`);
}
