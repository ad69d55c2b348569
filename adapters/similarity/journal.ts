/**
 * The build's journals (`.evohub/similarity-index.<pid>-<random>.journal`): signatures appended, flushed, chunk by chunk while a
 * build signs new versions, so a build killed half way (kill -9, a full disk, a closed laptop) resumes where it
 * stopped instead of signing a million versions again. Rows are content-addressed (blob → signature of its
 * text), so a journal row is valid whatever HEAD was. A journal is removed once an index file holding its rows is written.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SIG_BYTES, SIGNATURE_SIZE } from '../../core/similarity/index.ts';

const HEADER = Buffer.from(`EVOHUB-SIMILARITY-JOURNAL 2 signature=${SIGNATURE_SIZE}\n`);
const RECORD = 20 + SIG_BYTES;

/** Signatures by blob in one block (a view per lookup): a million small arrays would cost far more memory. */
export class SignatureTable {
  readonly #rows = new Map<string, number>();
  readonly #sigs: Uint16Array;

  constructor(sigs: Uint16Array) {
    this.#sigs = sigs;
  }

  get size(): number {
    return this.#rows.size;
  }

  set(blob: string, row: number): void {
    this.#rows.set(blob, row);
  }

  get(blob: string): Uint16Array | undefined {
    const row = this.#rows.get(blob);
    return row === undefined
      ? undefined
      : this.#sigs.subarray(row * SIGNATURE_SIZE, (row + 1) * SIGNATURE_SIZE);
  }
}

/** A build's own journal: created empty, appended to, never read by the build that writes it. */
export type Journal = {
  file: string;
  /** Appends and flushes rows (one write: a crash leaves whole records and at most one torn tail). */
  append(blobs: readonly string[], sigs: Uint16Array): Promise<void>;
  close(): Promise<void>;
};

const isJournal = (name: string) => name.startsWith('similarity-index.') && name.endsWith('.journal');

/**
 * The signatures in every journal under `dir` (interrupted builds, or one running beside this one: each build
 * writes its own file, so none ever truncates another's), and those files. A torn last record is ignored;
 * another format's journal contributes nothing.
 */
export async function readJournals(dir: string): Promise<{ known: SignatureTable; files: string[] }> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter(isJournal).map((n) => join(dir, n));
  const bufs: Buffer[] = [];
  for (const f of files) {
    const buf = await readFile(f).catch(() => Buffer.alloc(0));
    if (buf.length >= HEADER.length && buf.subarray(0, HEADER.length).equals(HEADER)) bufs.push(buf);
  }
  const total = bufs.reduce((n, b) => n + Math.floor((b.length - HEADER.length) / RECORD), 0);
  const sigs = new Uint16Array(total * SIGNATURE_SIZE);
  const known = new SignatureTable(sigs);
  let row = 0;
  for (const buf of bufs) {
    for (let at = HEADER.length; at + RECORD <= buf.length; at += RECORD, row++) {
      known.set(buf.toString('hex', at, at + 20), row);
      for (let j = 0; j < SIGNATURE_SIZE; j++)
        sigs[row * SIGNATURE_SIZE + j] = buf.readUInt16LE(at + 20 + j * 2);
    }
  }
  return { known, files };
}

/** A new journal under `dir`, named by process and a random suffix. */
export async function createJournal(dir: string): Promise<Journal> {
  const file = join(dir, `similarity-index.${process.pid}-${randomBytes(4).toString('hex')}.journal`);
  const fh = await open(file, 'wx');
  await fh.write(HEADER);
  return {
    file,
    async append(blobs, rows) {
      const buf = Buffer.alloc(blobs.length * RECORD);
      for (let i = 0; i < blobs.length; i++) {
        buf.write(blobs[i] as string, i * RECORD, 20, 'hex');
        for (let j = 0; j < SIGNATURE_SIZE; j++) {
          buf.writeUInt16LE(rows[i * SIGNATURE_SIZE + j] as number, i * RECORD + 20 + j * 2);
        }
      }
      await fh.write(buf);
      await fh.sync();
    },
    close: () => fh.close(),
  };
}

export async function removeJournals(files: readonly string[]): Promise<void> {
  for (const f of files) await rm(f, { force: true });
}
