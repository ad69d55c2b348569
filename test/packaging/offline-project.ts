/**
 * A fresh project that depends on a packed evohub tarball, installable OFFLINE: npm's cache (filled by `npm ci`)
 * holds the dependencies' tarballs but not their registry metadata, so the project gets a lockfile made from the
 * repository's own: the same resolved versions, minus the development-only entries.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

type LockEntry = {
  version?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  [k: string]: unknown;
};
type Lock = { name?: string; lockfileVersion: number; packages: Record<string, LockEntry> };

export function writeOfflineProject(repoRoot: string, tarball: string, projectDir: string): void {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lock;
  // The tarball stays outside the project so that the project's git status only shows what a user's would.
  const spec = `file:${relative(projectDir, tarball)}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'demo', devDependencies: { evohub: spec } },
    'node_modules/evohub': {
      version: pkg.version,
      resolved: spec,
      dev: true,
      dependencies: pkg.dependencies,
      bin: { evohub: 'dist/cli/bin.js' },
      engines: { node: '>=24' },
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev || !key.startsWith('node_modules/')) continue;
    // The app installs evohub as a devDependency, so everything it pulls in is dev for the app.
    packages[key] = { ...entry, dev: true };
  }
  writeFileSync(
    join(projectDir, 'package.json'),
    `${JSON.stringify({ name: 'demo', private: true, type: 'module', devDependencies: { evohub: spec } }, null, 2)}\n`,
  );
  writeFileSync(
    join(projectDir, 'package-lock.json'),
    `${JSON.stringify({ name: 'demo', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}
