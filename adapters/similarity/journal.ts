/**
 * The build's journal (`.evohub/similarity-index.journal`): signatures appended, flushed, chunk by chunk while a
 * build signs new versions, so a build killed half way (kill -9, a full disk, a closed laptop) resumes where it
 * stopped instead of signing a million versions again. Rows are content-addressed (blob → signature of its
 * text), so a journal row is valid whatever HEAD was. Removed once the index file that holds its rows is written.
 */
import { open, rm } from 'node:fs/promises';
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

export type Journal = {
  /** Signatures a previous, interrupted build wrote. */
  known: SignatureTable;
  /** Appends and flushes rows (one write: a crash leaves whole records and at most one torn tail). */
  append(blobs: readonly string[], sigs: Uint16Array): Promise<void>;
  close(): Promise<void>;
};

/** Opens (or creates) the journal; a torn last record is cut off, another format's journal is emptied. */
export async function openJournal(file: string): Promise<Journal> {
  const fh = await open(file, 'a+');
  const size = (await fh.stat()).size;
  const all = Buffer.alloc(size);
  await fh.read(all, 0, size, 0);
  const ours = size >= HEADER.length && all.subarray(0, HEADER.length).equals(HEADER);
  const count = ours ? Math.floor((size - HEADER.length) / RECORD) : 0;
  const valid = HEADER.length + count * RECORD;
  if (size !== valid) {
    await fh.truncate(ours ? valid : 0);
    if (!ours) await fh.write(HEADER);
  }
  const sigs = new Uint16Array(count * SIGNATURE_SIZE);
  const known = new SignatureTable(sigs);
  for (let i = 0; i < count; i++) {
    const at = HEADER.length + i * RECORD;
    known.set(all.toString('hex', at, at + 20), i);
    for (let j = 0; j < SIGNATURE_SIZE; j++) sigs[i * SIGNATURE_SIZE + j] = all.readUInt16LE(at + 20 + j * 2);
  }
  return {
    known,
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

export function removeJournal(file: string): Promise<void> {
  return rm(file, { force: true });
}
