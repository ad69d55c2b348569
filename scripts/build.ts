/**
 * `npm run build` (and `prepack`): compiles the TypeScript sources to JavaScript with declarations in dist/
 * (tsconfig.build.json rewrites the `.ts` import extensions, so the package needs no type stripping), then
 * copies the data files the code reads next to itself through import.meta.url. Template files named
 * `.gitignore` are stored as `gitignore` because npm never packs a `.gitignore`; `evohub init` restores them
 * (cli/init/scaffold.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');

/** Folders (relative to the root) read at run time; copied to the same place under dist/. */
export const DATA_DIRS = [
  'templates',
  'schemas',
  'core/evolution/meta-prompts',
  'evaluator/scorers/builtins',
  // The PostgreSQL results store's versioned schema (evohub db migrate).
  'evaluator/store/postgres/migrations',
  // The dashboard's static pages (evohub serve).
  'server/web',
] as const;

const DOT_FILES_STORED_AS: Readonly<Record<string, string>> = { '.gitignore': 'gitignore' };

function renameDotFiles(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) renameDotFiles(p);
    else if (DOT_FILES_STORED_AS[e.name]) renameSync(p, join(dir, DOT_FILES_STORED_AS[e.name] as string));
  }
}

rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  console.error(`build: tsc failed (exit ${tsc.status})`);
  process.exit(1);
}
for (const dir of DATA_DIRS) {
  if (!existsSync(join(ROOT, dir))) continue;
  cpSync(join(ROOT, dir), join(OUT, dir), {
    recursive: true,
    // Only data: the TypeScript beside it is compiled already, tests are not shipped.
    filter: (src) => !/\.ts$/.test(src),
  });
}
renameDotFiles(join(OUT, 'templates'));
