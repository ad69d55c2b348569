/**
 * Writing a file so that readers see the old or the new content, never a part. Its own small module (no schema
 * or parser imports), so that readers on the cold path (`show`, `log`, the version index) can write with it.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `.<target>.<pid>.<random>.tmp`, beside the target: the pid tells a dead writer's left-over from a live write. */
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * A temporary file in the same directory, flushed, then renamed over the target. The target's permissions are
 * kept.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw e;
  }
  const handle = await open(tmp, 'wx', mode ?? 0o644);
  try {
    try {
      await handle.writeFile(text, typeof text === 'string' ? 'utf8' : undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    // Best-effort clean-up of the temporary file; the write's own error is rethrown below.
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Whether `name` (a file beside `target`) is a temporary file of writeFileAtomic(`target`): `alive` says whether
 * its writer still runs (false: killed between open and rename, the file is litter).
 */
export function atomicTempOf(name: string, target: string): { alive: boolean } | null {
  const m = TEMP.exec(name);
  if (!m || m[1] !== target) return null;
  try {
    process.kill(Number(m[2]), 0);
    return { alive: true };
  } catch (error) {
    return { alive: (error as { code?: string }).code !== 'ESRCH' };
  }
}
