/**
 * The stored similarity index, format 2: one row per distinct prompt blob (a version's content) with its MinHash
 * signature and where the blob occurs in the history. Laid out in sections so that a query reads only what it
 * needs with positioned reads: the header, the signatures (one contiguous block, scanned), then for the few rows
 * it ranks first their occurrences and path names. Format 1 (signatures and oids interleaved, no occurrences)
 * made every query decode the whole file and read the whole version index to name the rows.
 *
 *   "EVOHUB-SIMILARITY 2\n" JSON-header "\n"
 *   sigs        count × SIGNATURE_SIZE × uint16 LE
 *   blobs       count × 20-byte oid
 *   rowStarts   (count + 1) × uint32 LE: row i's occurrences are occ[rowStarts[i] .. rowStarts[i+1])
 *   occ         occurrences × [uint32 path id, int32 version (NULL_VERSION: none), 20-byte commit]
 *   pathStarts  (paths + 1) × uint32 LE byte offsets into pathBytes
 *   pathBytes   the paths, UTF-8, concatenated
 */
import { SIGNATURE_SIZE } from './minhash.ts';
import { DEFAULT_SHINGLE_SIZE } from './shingles.ts';

export const FORMAT = 2;
const MAGIC_PREFIX = 'EVOHUB-SIMILARITY ';
const MAGIC = `${MAGIC_PREFIX}${FORMAT}\n`;
export const SIG_BYTES = SIGNATURE_SIZE * 2;
export const OCC_BYTES = 28;
const NULL_VERSION = -0x80000000;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** One place a blob occurs: the newest commit of a path whose file had that content. */
export type VersionRow = { path: string; version: number | null; commit: string };

/** The index in memory, as the updater builds it. */
export type SimilarityIndex = {
  /** The HEAD the rows were brought up to. */
  tip: string;
  shingleSize: number;
  /** Blob oids, hex; row i's signature is sigs[i*SIGNATURE_SIZE ..]. */
  blobs: string[];
  sigs: Uint16Array;
  /** Where each row's blob occurs (same order as blobs). */
  occurrences: (readonly VersionRow[])[];
};

/** Byte offsets of the sections, from the start of the file. */
export type Layout = {
  tip: string;
  shingleSize: number;
  count: number;
  occurrences: number;
  paths: number;
  sigs: number;
  blobs: number;
  rowStarts: number;
  occ: number;
  pathStarts: number;
  pathBytes: number;
  end: number;
};

export function emptyIndex(tip: string): SimilarityIndex {
  return { tip, shingleSize: DEFAULT_SHINGLE_SIZE, blobs: [], sigs: new Uint16Array(0), occurrences: [] };
}

function layoutOf(
  headerEnd: number,
  h: {
    tip: string;
    shingleSize: number;
    count: number;
    occurrences: number;
    paths: number;
    pathBytes: number;
  },
): Layout {
  const sigs = headerEnd;
  const blobs = sigs + h.count * SIG_BYTES;
  const rowStarts = blobs + h.count * 20;
  const occ = rowStarts + (h.count + 1) * 4;
  const pathStarts = occ + h.occurrences * OCC_BYTES;
  const pathBytes = pathStarts + (h.paths + 1) * 4;
  const { tip, shingleSize, count, occurrences, paths } = h;
  return {
    tip,
    shingleSize,
    count,
    occurrences,
    paths,
    sigs,
    blobs,
    rowStarts,
    occ,
    pathStarts,
    pathBytes,
    end: pathBytes + h.pathBytes,
  };
}

export function encodeIndex(index: SimilarityIndex): Buffer {
  const pathIds = new Map<string, number>();
  let occurrences = 0;
  for (const rows of index.occurrences) {
    occurrences += rows.length;
    for (const r of rows) if (!pathIds.has(r.path)) pathIds.set(r.path, pathIds.size);
  }
  const pathBufs = [...pathIds.keys()].map((p) => Buffer.from(p, 'utf8'));
  const pathBytes = pathBufs.reduce((n, b) => n + b.length, 0);
  const count = index.blobs.length;
  const fields = {
    tip: index.tip,
    shingleSize: index.shingleSize,
    count,
    occurrences,
    paths: pathIds.size,
    pathBytes,
  };
  const head = Buffer.from(`${MAGIC}${JSON.stringify({ ...fields, signatureSize: SIGNATURE_SIZE })}\n`);
  const at = layoutOf(head.length, fields);
  const buf = Buffer.alloc(at.end);
  head.copy(buf, 0);
  const { sigs } = index;
  // The stored order is little-endian, the platform's almost everywhere: one copy instead of 64 writes a row.
  if (LITTLE_ENDIAN) Buffer.from(sigs.buffer, sigs.byteOffset, sigs.byteLength).copy(buf, at.sigs);
  else for (let i = 0; i < sigs.length; i++) buf.writeUInt16LE(sigs[i] as number, at.sigs + i * 2);
  let o = 0;
  for (let i = 0; i < count; i++) {
    buf.write(index.blobs[i] as string, at.blobs + i * 20, 20, 'hex');
    buf.writeUInt32LE(o, at.rowStarts + i * 4);
    for (const r of index.occurrences[i] ?? []) {
      const p = at.occ + o * OCC_BYTES;
      buf.writeUInt32LE(pathIds.get(r.path) as number, p);
      buf.writeInt32LE(r.version ?? NULL_VERSION, p + 4);
      buf.write(r.commit, p + 8, 20, 'hex');
      o++;
    }
  }
  buf.writeUInt32LE(o, at.rowStarts + count * 4);
  let b = 0;
  for (const [i, pb] of pathBufs.entries()) {
    buf.writeUInt32LE(b, at.pathStarts + i * 4);
    pb.copy(buf, at.pathBytes + b);
    b += pb.length;
  }
  buf.writeUInt32LE(b, at.pathStarts + pathBufs.length * 4);
  return buf;
}

/** What the start of a file says: a format-2 layout, another format's number, or not an index at all. */
export type HeaderRead = { layout: Layout } | { format: number } | null;

/**
 * Parses the header from the file's first bytes (`head`, at least the header line) and checks it against the
 * file's `size`; null for damage (rebuilt like a missing file), `{format}` for an index another version wrote.
 */
export function parseHeader(head: Buffer, size: number): HeaderRead {
  const first = head.indexOf(10);
  const magic = head.subarray(0, first + 1).toString('latin1');
  if (first < 0 || !magic.startsWith(MAGIC_PREFIX)) return null;
  if (magic !== MAGIC) {
    const format = Number(magic.slice(MAGIC_PREFIX.length));
    return Number.isInteger(format) ? { format } : null;
  }
  const end = head.indexOf(10, first + 1);
  if (end < 0) return null;
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(head.subarray(first + 1, end).toString());
  } catch {
    // A damaged header: the caller rebuilds the index.
    return null;
  }
  const { tip, shingleSize, signatureSize, count, occurrences, paths, pathBytes } = h;
  const counts = [shingleSize, count, occurrences, paths, pathBytes];
  if (typeof tip !== 'string' || signatureSize !== SIGNATURE_SIZE) return null;
  if (!counts.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return null;
  const layout = layoutOf(end + 1, h as Parameters<typeof layoutOf>[1]);
  return layout.end === size ? { layout } : null;
}

/** Occurrence `i` of the occ section (`buf` holds the whole section or the slice starting at entry `first`). */
export function decodeOccurrence(
  buf: Buffer,
  i: number,
): { pathId: number; version: number | null; commit: string } {
  const p = i * OCC_BYTES;
  const version = buf.readInt32LE(p + 4);
  return {
    pathId: buf.readUInt32LE(p),
    version: version === NULL_VERSION ? null : version,
    commit: buf.toString('hex', p + 8, p + 28),
  };
}

/**
 * The index of `tip` over the blobs in `wanted` (blob → its occurrences), each signature from `known`: the
 * caller has signed every blob `known` lacked (rows of blobs no longer wanted are simply not asked for).
 */
export function assembleIndex(
  tip: string,
  wanted: ReadonlyMap<string, readonly VersionRow[]>,
  known: (blob: string) => Uint16Array | undefined,
): SimilarityIndex {
  const blobs = [...wanted.keys()];
  const sigs = new Uint16Array(blobs.length * SIGNATURE_SIZE);
  for (let i = 0; i < blobs.length; i++) {
    const sig = known(blobs[i] as string);
    if (!sig) throw new Error(`similarity index: blob ${blobs[i]} was not signed`);
    sigs.set(sig, i * SIGNATURE_SIZE);
  }
  const occurrences = blobs.map((b) => wanted.get(b) as readonly VersionRow[]);
  return { tip, shingleSize: DEFAULT_SHINGLE_SIZE, blobs, sigs, occurrences };
}
