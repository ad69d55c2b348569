/**
 * An fs for isomorphic-git during one read-only walk (building the version index). isomorphic-git looks for
 * every object as a loose file first and lists `objects/pack` on every read; over 10,000 commits those failed
 * opens and directory listings cost most of the time. Objects are immutable and the walk reads only objects
 * reachable from a tip resolved before it started, so remembering directory listings for the walk is safe.
 * Never use it for writes or across operations.
 */
import * as fsp from 'node:fs/promises';

const LOOSE = /\/objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/;

export function snapshotFs(gitdir: string): { promises: typeof fsp } {
  const packDir = `${gitdir}/objects/pack`;
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string): Promise<Set<string>> => {
    let p = listings.get(dir);
    if (!p) {
      p = fsp.readdir(dir).then(
        (names) => new Set(names),
        () => new Set<string>(),
      );
      listings.set(dir, p);
    }
    return p;
  };
  const enoent = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  // isomorphic-git probes every fs on every call with readFile() and stats the gitdir; answer both cheaply.
  const probe = Object.assign(new Error('no path'), { code: 'ERR_INVALID_ARG_TYPE' });
  let gitdirStat: ReturnType<typeof fsp.stat> | undefined;

  const promises = {
    ...fsp,
    async readFile(path: Parameters<typeof fsp.readFile>[0], options?: Parameters<typeof fsp.readFile>[1]) {
      if (path === undefined) throw probe;
      const m = typeof path === 'string' && path.startsWith(gitdir) ? LOOSE.exec(path) : null;
      if (m && !(await list(`${gitdir}/objects/${m[1]}`)).has(m[2] as string)) throw enoent(path as string);
      return (fsp.readFile as (p: unknown, o?: unknown) => Promise<unknown>)(path, options);
    },
    stat(path: string, options?: unknown) {
      if (path === gitdir && options === undefined) {
        gitdirStat ??= fsp.stat(gitdir);
        return gitdirStat;
      }
      return (fsp.stat as (p: string, o?: unknown) => Promise<unknown>)(path, options);
    },
    async readdir(path: string, options?: unknown) {
      if (path === packDir && options === undefined) return [...(await list(packDir))];
      return (fsp.readdir as (p: string, o?: unknown) => Promise<unknown>)(path, options);
    },
  } as unknown as typeof fsp;
  return { promises };
}
