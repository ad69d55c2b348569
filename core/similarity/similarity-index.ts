/**
 * The stored similarity index: one row per distinct prompt blob (a version's content), its MinHash signature.
 * Encoded as one binary buffer (the caller writes it atomically): a magic line, a JSON header, then `count`
 * rows of [20-byte blob oid, SIGNATURE_SIZE × uint16 little-endian]. At a million versions that is about
 * 150 MB, read in one go; JSON would be three times larger and slower to parse.
 */
import { estimateSimilarity, SIGNATURE_SIZE } from './minhash.ts';
import { DEFAULT_SHINGLE_SIZE } from './shingles.ts';

const MAGIC = 'EVOHUB-SIMILARITY 1\n';
const ROW_BYTES = 20 + SIGNATURE_SIZE * 2;

export type SimilarityIndex = {
  /** The HEAD the rows were brought up to. */
  tip: string;
  shingleSize: number;
  /** Blob oids, hex; row i's signature is sigs[i*SIGNATURE_SIZE ..]. */
  blobs: string[];
  sigs: Uint16Array;
};

export function emptyIndex(tip: string): SimilarityIndex {
  return { tip, shingleSize: DEFAULT_SHINGLE_SIZE, blobs: [], sigs: new Uint16Array(0) };
}

export function encodeIndex(index: SimilarityIndex): Buffer {
  const header = Buffer.from(
    `${JSON.stringify({ tip: index.tip, shingleSize: index.shingleSize, signatureSize: SIGNATURE_SIZE, count: index.blobs.length })}\n`,
  );
  const rows = Buffer.alloc(index.blobs.length * ROW_BYTES);
  for (let i = 0; i < index.blobs.length; i++) {
    const at = i * ROW_BYTES;
    rows.write(index.blobs[i] as string, at, 20, 'hex');
    for (let j = 0; j < SIGNATURE_SIZE; j++) {
      rows.writeUInt16LE(index.sigs[i * SIGNATURE_SIZE + j] as number, at + 20 + j * 2);
    }
  }
  return Buffer.concat([Buffer.from(MAGIC), header, rows]);
}

/** The index in `buf`, or null when it is not one (another format, truncated): derived data, rebuilt. */
export function decodeIndex(buf: Buffer): SimilarityIndex | null {
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) return null;
  const end = buf.indexOf(10, MAGIC.length);
  if (end < 0) return null;
  let header: { tip?: unknown; shingleSize?: unknown; signatureSize?: unknown; count?: unknown };
  try {
    header = JSON.parse(buf.subarray(MAGIC.length, end).toString());
  } catch {
    // A damaged header: the caller rebuilds the index.
    return null;
  }
  const { tip, shingleSize, signatureSize, count } = header;
  if (typeof tip !== 'string' || typeof shingleSize !== 'number' || typeof count !== 'number') return null;
  if (signatureSize !== SIGNATURE_SIZE || buf.length !== end + 1 + count * ROW_BYTES) return null;
  const blobs: string[] = new Array(count);
  const sigs = new Uint16Array(count * SIGNATURE_SIZE);
  for (let i = 0; i < count; i++) {
    const at = end + 1 + i * ROW_BYTES;
    blobs[i] = buf.toString('hex', at, at + 20);
    for (let j = 0; j < SIGNATURE_SIZE; j++) sigs[i * SIGNATURE_SIZE + j] = buf.readUInt16LE(at + 20 + j * 2);
  }
  return { tip, shingleSize, blobs, sigs };
}

/**
 * Brings `previous` to the blobs in `wanted`: rows of blobs no longer wanted are dropped, new blobs get a
 * signature from `signatureFor` (the only costly part: an incremental update pays only for new versions).
 */
export async function updateSimilarityIndex(
  previous: SimilarityIndex | null,
  tip: string,
  wanted: Iterable<string>,
  signatureFor: (blob: string) => Promise<Uint16Array>,
): Promise<{ index: SimilarityIndex; added: number }> {
  const old = new Map<string, number>();
  for (const [i, b] of (previous?.blobs ?? []).entries()) old.set(b, i);
  const blobs = [...new Set(wanted)];
  const sigs = new Uint16Array(blobs.length * SIGNATURE_SIZE);
  let added = 0;
  for (let i = 0; i < blobs.length; i++) {
    const j = old.get(blobs[i] as string);
    if (j !== undefined && previous) {
      sigs.set(previous.sigs.subarray(j * SIGNATURE_SIZE, (j + 1) * SIGNATURE_SIZE), i * SIGNATURE_SIZE);
    } else {
      sigs.set(await signatureFor(blobs[i] as string), i * SIGNATURE_SIZE);
      added++;
    }
  }
  return { index: { tip, shingleSize: previous?.shingleSize ?? DEFAULT_SHINGLE_SIZE, blobs, sigs }, added };
}

/**
 * The `top` rows most similar to `sig` (estimated Jaccard), skipping rows `skip` rejects. A linear scan: at a
 * million rows about 64M comparisons, cheaper for one query than building LSH buckets.
 */
export function nearest(
  index: SimilarityIndex,
  sig: Uint16Array,
  top: number,
  skip: (blob: string) => boolean = () => false,
): { blob: string; similarity: number }[] {
  const best: { blob: string; similarity: number }[] = [];
  let floor = -1;
  for (let i = 0; i < index.blobs.length; i++) {
    const s = estimateSimilarity(sig, index.sigs, i * SIGNATURE_SIZE);
    if (s <= floor && best.length >= top) continue;
    const blob = index.blobs[i] as string;
    if (skip(blob)) continue;
    best.push({ blob, similarity: s });
    if (best.length > top * 4) {
      best.sort((a, b) => b.similarity - a.similarity);
      best.length = top;
      floor = (best[top - 1] as { similarity: number }).similarity;
    }
  }
  best.sort((a, b) => b.similarity - a.similarity || (a.blob < b.blob ? -1 : 1));
  return best.slice(0, top);
}

/**
 * Row indices in order of decreasing similarity to `sig` (ties in row order), lazily: a caller that groups rows
 * (one per prompt) reads only as far as it needs. Counting sort over the 0..SIGNATURE_SIZE agreement counts.
 */
export function* rankedRows(
  index: SimilarityIndex,
  sig: Uint16Array,
): Generator<{ row: number; similarity: number }> {
  const n = index.blobs.length;
  const counts = new Uint8Array(n);
  const histogram = new Uint32Array(SIGNATURE_SIZE + 1);
  for (let i = 0; i < n; i++) {
    let same = 0;
    const o = i * SIGNATURE_SIZE;
    for (let j = 0; j < SIGNATURE_SIZE; j++) if (sig[j] === index.sigs[o + j]) same++;
    counts[i] = same;
    histogram[same] = (histogram[same] as number) + 1;
  }
  for (let c = SIGNATURE_SIZE; c >= 0; c--) {
    if (histogram[c] === 0) continue;
    for (let i = 0; i < n; i++) if (counts[i] === c) yield { row: i, similarity: c / SIGNATURE_SIZE };
  }
}
