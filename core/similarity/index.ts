/** Similar-prompt search without a model: MinHash over word shingles, LSH buckets, a stored index. */
export { BANDS, LshIndex, type Match } from './lsh.ts';
export { estimateSimilarity, SIGNATURE_SIZE, signatureOf, signatureOfShingles } from './minhash.ts';
export { DEFAULT_NEAR_DUPLICATE_THRESHOLD, isNearDuplicate, NearDuplicateSet } from './near-duplicate.ts';
export { jaccard, shingleHashes, words } from './shingles.ts';
export {
  decodeIndex,
  emptyIndex,
  encodeIndex,
  nearest,
  rankedRows,
  type SimilarityIndex,
  updateSimilarityIndex,
} from './similarity-index.ts';
