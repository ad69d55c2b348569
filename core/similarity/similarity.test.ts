import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeIndex,
  emptyIndex,
  encodeIndex,
  isNearDuplicate,
  jaccard,
  LshIndex,
  NearDuplicateSet,
  nearest,
  SIGNATURE_SIZE,
  shingleHashes,
  signatureOf,
  updateSimilarityIndex,
} from './index.ts';
import { estimateSimilarity } from './minhash.ts';

const base =
  'You are a support assistant. Classify the ticket into billing, bug, feature or account. Answer with one word only and never explain.';

test('MinHash estimates Jaccard within a few hundredths on related texts', () => {
  const variants = [
    base,
    `${base} Be polite.`,
    base.replace('billing', 'payments'),
    'Translate the following sentence into French, keeping the tone and the names unchanged.',
  ];
  for (const a of variants) {
    for (const b of variants) {
      const exact = jaccard(shingleHashes(a), shingleHashes(b));
      const est = estimateSimilarity(signatureOf(a), signatureOf(b));
      assert.ok(Math.abs(exact - est) < 0.2, `${exact} vs ${est}`);
    }
  }
  assert.equal(estimateSimilarity(signatureOf(base), signatureOf(base)), 1);
});

test('isNearDuplicate: case and punctuation do not matter, a changed instruction does', () => {
  assert.ok(isNearDuplicate(base, base.toUpperCase().replaceAll('.', ' !'), 0.99));
  assert.ok(!isNearDuplicate(base, base.replace('one word only and never explain', 'a full paragraph'), 0.9));
  assert.ok(isNearDuplicate('', ''));
});

test('property: similarity is symmetric and 1 for a text with itself', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      assert.equal(jaccard(shingleHashes(a), shingleHashes(b)), jaccard(shingleHashes(b), shingleHashes(a)));
      assert.ok(isNearDuplicate(a, a, 1));
      assert.equal(estimateSimilarity(signatureOf(a), signatureOf(a)), 1);
    }),
  );
});

test('LSH finds a near duplicate among unrelated texts and ranks it first', () => {
  const lsh = new LshIndex<string>();
  for (let i = 0; i < 200; i++)
    lsh.add(`t${i}`, signatureOf(`unrelated text number ${i} about topic ${i * 7} and more ${i}`));
  lsh.add('target', signatureOf(base));
  const hits = lsh.query(signatureOf(`${base} Thank you.`), { top: 3 });
  assert.equal(hits[0]?.item, 'target');
  assert.ok((hits[0]?.similarity ?? 0) > 0.7);
});

test('NearDuplicateSet finds the duplicate and not a distinct text', () => {
  const set = new NearDuplicateSet<number>(0.8);
  set.add(1, base);
  set.add(2, 'Summarise the meeting notes in three bullet points for the weekly report.');
  assert.equal(set.find(`${base}`)?.key, 1);
  assert.equal(set.find('Write a haiku about autumn leaves falling on a quiet pond at dusk.'), undefined);
});

test('stored index: encode/decode round trip, damage rejected, incremental update signs only new blobs', async () => {
  const blob = (i: number) => i.toString(16).padStart(40, '0');
  const texts = new Map<string, string>();
  for (let i = 0; i < 20; i++) texts.set(blob(i), `prompt ${i} ${i % 3 === 0 ? base : `other words ${i}`}`);
  let signed = 0;
  const sign = async (b: string) => {
    signed++;
    return signatureOf(texts.get(b) as string);
  };
  const first = await updateSimilarityIndex(null, 'a'.repeat(40), [...texts.keys()].slice(0, 15), sign);
  assert.equal(first.added, 15);
  const decoded = decodeIndex(encodeIndex(first.index));
  assert.deepEqual(decoded?.blobs, first.index.blobs);
  assert.deepEqual(decoded?.sigs, first.index.sigs);
  assert.equal(decodeIndex(encodeIndex(first.index).subarray(0, 100)), null);
  assert.equal(decodeIndex(Buffer.from('not an index')), null);
  assert.equal(decodeIndex(encodeIndex(emptyIndex('x')))?.blobs.length, 0);
  signed = 0;
  const second = await updateSimilarityIndex(decoded, 'b'.repeat(40), texts.keys(), sign);
  assert.equal(second.added, 5);
  assert.equal(signed, 5);
  assert.equal(second.index.sigs.length, 20 * SIGNATURE_SIZE);
  const hits = nearest(second.index, signatureOf(texts.get(blob(3)) as string), 3, (b) => b === blob(3));
  assert.equal(hits.length, 3);
  assert.ok(hits.every((h) => h.blob !== blob(3)));
  assert.ok([0, 6, 9, 12, 15, 18].map(blob).includes(hits[0]?.blob as string));
});
