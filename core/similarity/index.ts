/** Similar-prompt search without a model: MinHash over word shingles, LSH buckets, a stored index. */
export { BANDS, LshIndex, type Match } from './lsh.ts';
export { estimateSimilarity, SIGNATURE_SIZE, signatureOf, signatureOfShingles } from './minhash.ts';
export { DEFAULT_NEAR_DUPLICATE_THRESHOLD, isNearDuplicate, NearDuplicateSet } from './near-duplicate.ts';
export { agreementCounts, rankedRows } from './ranking.ts';
export { jaccard, shingleHashes, words } from './shingles.ts';
export {
  assembleIndex,
  decodeOccurrence,
  emptyIndex,
  encodeIndex,
  FORMAT,
  type HeaderRead,
  type Layout,
  OCC_BYTES,
  parseHeader,
  SIG_BYTES,
  type SimilarityIndex,
  type VersionRow,
} from './similarity-index.ts';
