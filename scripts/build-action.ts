/**
 * Bundles the Action (action/main.ts and everything it imports) into action/dist/ with esbuild, as JavaScript
 * actions do, so that `uses: <owner>/evohub/action@<ref>` runs with no install step. The result is committed;
 * action/bundle.test.ts rebuilds it and fails when the committed copy differs.
 *
 * DuckDB's native module cannot be bundled and is left out: the Action's `pr` command never opens the results
 * store (base and head are compared in memory), and `evolve`, which stores its run in DuckDB, is refused by the
 * Action with a message pointing at the installed package (see docs/github.md).
 *
 *   node scripts/build-action.ts [--out <dir>]
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildAction(outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { index: join(ROOT, 'action/main.ts') },
    outdir,
    bundle: true,
    // Command modules are loaded lazily; chunks keep the Action's start-up to what `pr` needs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: ['@duckdb/node-api'],
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __evohubCreateRequire } from 'node:module';\nconst require = __evohubCreateRequire(import.meta.url);",
    },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    minify: true,
    logLevel: 'warning',
    // Reproducible: no absolute paths or timestamps in the output.
    sourcemap: false,
    metafile: false,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  await buildAction(resolve(values.out ?? join(ROOT, 'action/dist')));
}
