/**
 * Durable writes under `.git`, as git itself does them: an object goes to a temporary file in its fan-out
 * directory, is fsynced, then renamed into place, so a crash or a full disk never leaves a half-written object
 * under its final name. A loose object that already exists is trusted only when it verifies (inflates and
 * hashes to its id); an empty or truncated one left by an older crash is rewritten instead of referenced.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { EvohubError } from '../../core/errors.ts';

const LOOSE = /\/objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/;

/** Whether the loose object file at `file` inflates to a well-formed object whose hash is `oid`. */
export async function looseObjectVerifies(file: string, oid: string): Promise<boolean> {
  let raw: Buffer;
  try {
    raw = await fsp.readFile(file);
  } catch {
    // An object that cannot be read does not verify: the caller reports it as damaged, naming the file.
    return false;
  }
  try {
    const data = inflateSync(raw);
    const nul = data.indexOf(0);
    const header = nul > 0 ? data.subarray(0, nul).toString('latin1') : '';
    const m = /^(blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m || Number(m[2]) !== data.length - nul - 1) return false;
    return createHash('sha1').update(data).digest('hex') === oid;
  } catch {
    // Does not inflate: a half-written object, reported as damaged by the caller.
    return false;
  }
}

/** The one-line error for a full disk (or quota), naming the file and what to do. */
export function diskFullError(file: string, cause: unknown): EvohubError {
  const code = (cause as { code?: string }).code ?? 'ENOSPC';
  return new EvohubError('IO', `no space left on the device (${code})`, {
    location: { file },
    hint: 'free disk space, then run the command again (evolve: add --resume); nothing half-written was kept',
    cause,
  });
}

function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Writes `data` to `file` durably: temporary file in the same directory, fsync, rename, fsync of the directory.
 * On any failure the temporary file is removed and `file` is untouched. A full disk is a one-line EvohubError.
 */
export async function writeFileDurable(
  file: string,
  data: Uint8Array | string,
  io: Pick<typeof fsp, 'open' | 'rename' | 'rm'> = fsp,
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `tmp_${path.basename(file).slice(0, 8)}_${randomBytes(6).toString('hex')}`);
  try {
    const handle = await io.open(tmp, 'wx', 0o444);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await io.rename(tmp, file);
  } catch (e) {
    // Best-effort clean-up of the temporary file; the write's own error (rethrown below) is what matters.
    await io.rm(tmp, { force: true }).catch(() => {});
    if (isDiskFull(e)) throw diskFullError(file, e);
    throw e;
  }
  await syncDir(dir);
}

/** Makes a rename in `dir` durable (a no-op where directories cannot be opened). */
export async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fsp.open>> | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * An fs for isomorphic-git's object writes (`writeBlob`, `writeTree`, `writeCommit`). isomorphic-git skips
 * the write when a loose object's file exists; here it exists only if it verifies. Loose object files are
 * written with `writeFileDurable`; everything else passes through. `io` is injectable so tests can fail writes.
 */
export function durableObjectsFs(io: typeof fsp = fsp): { promises: typeof fsp } {
  const promises = {
    ...io,
    async stat(p: string, options?: unknown) {
      const m = typeof p === 'string' ? LOOSE.exec(p) : null;
      const st = await (io.stat as (p: string, o?: unknown) => Promise<unknown>)(p, options);
      if (m && !(await looseObjectVerifies(p, `${m[1]}${m[2]}`))) {
        throw Object.assign(new Error(`ENOENT: corrupt loose object ${p}`), { code: 'ENOENT' });
      }
      return st;
    },
    async writeFile(p: string, data: Uint8Array | string, options?: unknown) {
      if (typeof p === 'string' && LOOSE.test(p)) return writeFileDurable(p, data, io);
      try {
        return await (io.writeFile as (p: string, d: unknown, o?: unknown) => Promise<void>)(
          p,
          data,
          options,
        );
      } catch (e) {
        if (isDiskFull(e)) throw diskFullError(p, e);
        throw e;
      }
    },
  } as unknown as typeof fsp;
  return { promises };
}
