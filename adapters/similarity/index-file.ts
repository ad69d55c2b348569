/**
 * Positioned reads of a stored similarity index (format 2): the header, the signature block, and for a ranked
 * row its blob, occurrences and path names, so a query never reads or decodes the whole file.
 */
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import {
  agreementCounts,
  decodeOccurrence,
  type HeaderRead,
  type Layout,
  OCC_BYTES,
  parseHeader,
  SIG_BYTES,
  SIGNATURE_SIZE,
  type VersionRow,
} from '../../core/similarity/index.ts';

type Handle = Awaited<ReturnType<typeof open>>;

/** The header is one short JSON line; a larger one is not ours. */
const HEAD_BYTES = 4096;
/** Rows per read of the signature block (1 MB). */
const BLOCK_ROWS = 8192;

export class IndexFile {
  readonly layout: Layout;
  readonly #fh: Handle;
  readonly #paths = new Map<number, string>();

  private constructor(fh: Handle, layout: Layout) {
    this.#fh = fh;
    this.layout = layout;
  }

  /** The open index, or what its header says instead (another format, damage), or null when it is missing. */
  static async open(file: string): Promise<IndexFile | Exclude<HeaderRead, { layout: Layout }> | 'missing'> {
    let fh: Handle;
    try {
      fh = await open(file, 'r');
    } catch {
      // Missing or unreadable: derived data, built from the history.
      return 'missing';
    }
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
      await fh.read(head, 0, head.length, 0);
      const read = parseHeader(head, size);
      if (read !== null && 'layout' in read) return new IndexFile(fh, read.layout);
      await fh.close();
      return read;
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.#fh.close();
  }

  async #read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.#fh.read(buf, 0, length, position);
    if (bytesRead !== length) throw new Error('similarity index: file changed while reading');
    return buf;
  }

  /** Every row's signature, one block (SIGNATURE_SIZE values a row), in the platform's byte order. */
  async signatures(): Promise<Uint16Array> {
    const sigs = new Uint16Array(this.layout.count * SIGNATURE_SIZE);
    const bytes = this.layout.count * SIG_BYTES;
    const { bytesRead } = await this.#fh.read(sigs, 0, bytes, this.layout.sigs);
    if (bytesRead !== bytes) throw new Error('similarity index: file changed while reading');
    // Stored little-endian; a big-endian machine swaps once after the read.
    if (endianness() === 'BE') Buffer.from(sigs.buffer, sigs.byteOffset, bytes).swap16();
    return sigs;
  }

  /**
   * Every row's agreement count with `sig`, streaming the signature block through one small buffer: reading
   * 125 MB (a million rows) into fresh memory cost ten times the scan itself in page faults.
   */
  async agreementCounts(sig: Uint16Array): Promise<Uint8Array> {
    const { count } = this.layout;
    const counts = new Uint8Array(count);
    const block = new Uint16Array(Math.min(count, BLOCK_ROWS) * SIGNATURE_SIZE);
    for (let row = 0; row < count; row += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, count - row);
      const bytes = rows * SIG_BYTES;
      const { bytesRead } = await this.#fh.read(block, 0, bytes, this.layout.sigs + row * SIG_BYTES);
      if (bytesRead !== bytes) throw new Error('similarity index: file changed while reading');
      const view = block.subarray(0, rows * SIGNATURE_SIZE);
      if (endianness() === 'BE') Buffer.from(view.buffer, 0, bytes).swap16();
      agreementCounts(view, sig, counts, row);
    }
    return counts;
  }

  /** Every row's blob oid, hex (the updater's lookup of signatures it need not recompute). */
  async blobs(): Promise<string[]> {
    const buf = await this.#read(this.layout.blobs, this.layout.count * 20);
    return Array.from({ length: this.layout.count }, (_, i) => buf.toString('hex', i * 20, i * 20 + 20));
  }

  async #path(id: number): Promise<string> {
    const known = this.#paths.get(id);
    if (known !== undefined) return known;
    const bounds = await this.#read(this.layout.pathStarts + id * 4, 8);
    const from = bounds.readUInt32LE(0);
    const p = (await this.#read(this.layout.pathBytes + from, bounds.readUInt32LE(4) - from)).toString(
      'utf8',
    );
    this.#paths.set(id, p);
    return p;
  }

  /** Where row `row`'s blob occurs: path, version and newest commit, one entry per path. */
  async occurrences(row: number): Promise<VersionRow[]> {
    const bounds = await this.#read(this.layout.rowStarts + row * 4, 8);
    const first = bounds.readUInt32LE(0);
    const n = bounds.readUInt32LE(4) - first;
    const occ = await this.#read(this.layout.occ + first * OCC_BYTES, n * OCC_BYTES);
    const out: VersionRow[] = [];
    for (let i = 0; i < n; i++) {
      const { pathId, version, commit } = decodeOccurrence(occ, i);
      out.push({ path: await this.#path(pathId), version, commit });
    }
    return out;
  }
}
