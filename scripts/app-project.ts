/**
 * A project that depends on a packed evohub tarball, with a lockfile made from this repository's own: the same
 * resolved versions as the repository tested, minus its development-only entries. `npm ci` then installs it
 * reproducibly, and offline from the cache `npm ci` filled here (the cache holds the dependencies' tarballs but
 * not their registry metadata, which a lockfile-less install of a tarball would need). Used by the Dockerfile
 * (a production dependency) and test/packaging/ (a development dependency, as README's `npm i -D evohub`).
 *
 *   node scripts/app-project.ts <evohub-x.y.z.tgz> <project-dir> [--dev]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type LockEntry = { version?: string; dev?: boolean; [k: string]: unknown };
type Lock = { packages: Record<string, LockEntry> };

/**
 * The registry tarball URL of a lock entry. This repository's lockfile omits them (npm's
 * omit-lockfile-registry-resolved); with them npm takes each tarball from its cache by integrity and needs no
 * registry metadata, so an offline install works.
 */
function resolved(key: string, entry: LockEntry): { resolved?: string } {
  if (typeof entry.resolved === 'string' || !entry.version || !entry.integrity) return {};
  const name = (typeof entry.name === 'string' ? entry.name : undefined) ?? key.split('node_modules/').pop();
  if (!name) return {};
  const base = name.split('/').pop() as string;
  return { resolved: `https://registry.npmjs.org/${name}/-/${base}-${entry.version}.tgz` };
}

export function writeAppProject(tarball: string, projectDir: string, opts: { dev: boolean }): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    engines: Record<string, string>;
    bin: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  mkdirSync(projectDir, { recursive: true });
  // A relative spec, so the project and the tarball can move together (the Dockerfile copies both).
  const spec = `file:${relative(projectDir, tarball)}`;
  const field = opts.dev ? 'devDependencies' : 'dependencies';
  const dev = opts.dev ? { dev: true } : {};
  const packages: Record<string, LockEntry> = {
    '': { name: 'evohub-app', [field]: { evohub: spec } },
    'node_modules/evohub': {
      version: pkg.version,
      resolved: spec,
      ...dev,
      dependencies: pkg.dependencies,
      bin: Object.fromEntries(Object.entries(pkg.bin).map(([k, v]) => [k, v.replace(/^\.\//, '')])),
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev || !key.startsWith('node_modules/')) continue;
    const { dev: _omit, ...rest } = entry;
    packages[key] = { ...rest, ...resolved(key, entry), ...dev };
  }
  const manifest = { name: 'evohub-app', private: true, type: 'module', [field]: { evohub: spec } };
  writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(projectDir, 'package-lock.json'),
    `${JSON.stringify({ name: 'evohub-app', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { dev: { type: 'boolean', default: false } },
  });
  const [tarball, dir] = positionals;
  if (!tarball || !dir) {
    console.error('usage: node scripts/app-project.ts <evohub-x.y.z.tgz> <project-dir> [--dev]');
    process.exit(2);
  }
  writeAppProject(resolve(tarball), resolve(dir), { dev: values.dev });
}
