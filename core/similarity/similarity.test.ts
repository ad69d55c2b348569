import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  agreementCounts,
  assembleIndex,
  decodeOccurrence,
  emptyIndex,
  encodeIndex,
  isNearDuplicate,
  jaccard,
  LshIndex,
  NearDuplicateSet,
  parseHeader,
  rankedRows,
  SIGNATURE_SIZE,
  shingleHashes,
  signatureOf,
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

const blob = (i: number) => i.toString(16).padStart(40, '0');

test('stored index: header round trip, damage and other formats rejected, occurrences kept', () => {
  const wanted = new Map([
    [blob(1), [{ path: 'prompts/a.prompt.yml', version: 2, commit: 'c'.repeat(40) }]],
    [
      blob(2),
      [
        { path: 'prompts/a.prompt.yml', version: null, commit: 'd'.repeat(40) },
        { path: 'prompts/é.prompt.yml', version: 1, commit: 'e'.repeat(40) },
      ],
    ],
  ]);
  const sigs = new Map([
    [blob(1), signatureOf(base)],
    [blob(2), signatureOf('another text')],
  ]);
  const buf = encodeIndex(assembleIndex('a'.repeat(40), wanted, (b) => sigs.get(b)));
  const read = parseHeader(buf, buf.length);
  assert.ok(read && 'layout' in read);
  const { layout } = read;
  assert.deepEqual([layout.tip, layout.count, layout.occurrences, layout.paths], ['a'.repeat(40), 2, 3, 2]);
  const stored = new Uint16Array(
    buf.buffer.slice(buf.byteOffset + layout.sigs, buf.byteOffset + layout.blobs),
  );
  assert.deepEqual(stored.subarray(SIGNATURE_SIZE), signatureOf('another text'));
  assert.equal(buf.toString('hex', layout.blobs + 20, layout.blobs + 40), blob(2));
  const row1 = buf.readUInt32LE(layout.rowStarts + 4);
  const occ = decodeOccurrence(buf.subarray(layout.occ), row1 + 1);
  assert.deepEqual(occ, { pathId: 1, version: 1, commit: 'e'.repeat(40) });
  assert.deepEqual(decodeOccurrence(buf.subarray(layout.occ), row1).version, null);
  assert.equal(parseHeader(buf.subarray(0, 100), 100), null);
  assert.equal(parseHeader(buf, buf.length + 1), null);
  assert.equal(parseHeader(Buffer.from('not an index'), 12), null);
  assert.deepEqual(parseHeader(Buffer.from('EVOHUB-SIMILARITY 1\n{}\n'), 23), { format: 1 });
  const empty = encodeIndex(emptyIndex('x'));
  assert.equal((parseHeader(empty, empty.length) as { layout: { count: number } }).layout.count, 0);
  assert.throws(() => assembleIndex('x', wanted, () => undefined), /not signed/);
});

test('rankedRows: every row once, in the order of a brute-force MinHash ranking, near-copies above exact-Jaccard strangers', () => {
  const texts = Array.from({ length: 60 }, (_, i) =>
    i % 4 === 0
      ? `${base} Variant ${i}.`
      : `Unrelated prompt ${i} about topic ${i * 7}, with its own words ${i * 3}.`,
  );
  const sigs = new Uint16Array(texts.length * SIGNATURE_SIZE);
  for (const [i, t] of texts.entries()) sigs.set(signatureOf(t), i * SIGNATURE_SIZE);
  const query = signatureOf(`${base} Variant 0.`);
  const ranked = [...rankedRows(agreementCounts(sigs, query))];
  const brute = texts
    .map((_, row) => ({ row, similarity: estimateSimilarity(query, sigs, row * SIGNATURE_SIZE) }))
    .sort((a, b) => b.similarity - a.similarity || a.row - b.row);
  assert.deepEqual(ranked, brute);
  // The estimate's top 15 are the exact Jaccard top 15 (the 15 variants of base, then the strangers).
  const exact = texts
    .map((t, row) => ({ row, j: jaccard(shingleHashes(t), shingleHashes(`${base} Variant 0.`)) }))
    .sort((a, b) => b.j - a.j);
  assert.deepEqual(
    new Set(ranked.slice(0, 15).map((r) => r.row)),
    new Set(exact.slice(0, 15).map((r) => r.row)),
  );
  assert.equal(ranked[0]?.row, 0);
  assert.equal(ranked[0]?.similarity, 1);
  assert.deepEqual([...rankedRows(agreementCounts(new Uint16Array(0), query))], []);
  // Counted in blocks into one array (as the stored index is read) gives the same counts.
  const blocks = new Uint8Array(texts.length);
  for (let r = 0; r < texts.length; r += 7) {
    agreementCounts(
      sigs.subarray(r * SIGNATURE_SIZE, Math.min(texts.length, r + 7) * SIGNATURE_SIZE),
      query,
      blocks,
      r,
    );
  }
  assert.deepEqual(blocks, agreementCounts(sigs, query));
});

test('property: agreementCounts equals a position-by-position count', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 0xffff }), {
        minLength: SIGNATURE_SIZE * 3,
        maxLength: SIGNATURE_SIZE * 3,
      }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: SIGNATURE_SIZE, maxLength: SIGNATURE_SIZE }),
      fc.array(fc.integer({ min: 0, max: SIGNATURE_SIZE - 1 })),
      (rowValues, queryValues, copied) => {
        const sigs = Uint16Array.from(rowValues);
        const query = Uint16Array.from(queryValues);
        // Make some positions agree, including values with the top bit set and zeros.
        for (const j of copied) sigs[SIGNATURE_SIZE + j] = query[j] as number;
        sigs.set(query, 2 * SIGNATURE_SIZE);
        const counts = agreementCounts(sigs, query);
        for (let r = 0; r < 3; r++) {
          assert.equal(
            counts[r],
            Math.round(estimateSimilarity(query, sigs, r * SIGNATURE_SIZE) * SIGNATURE_SIZE),
          );
        }
        assert.equal(counts[2], SIGNATURE_SIZE);
      },
    ),
  );
});
