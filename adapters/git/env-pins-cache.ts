/**
 * One prompt's pin in `environments/<env>.yaml` without validating 100,000 pin lines per query. The first query
 * after the file changes reads every pin (simplePins, or the full validating parser for anything unusual, which
 * reports duplicates and bad lines with file/line as always). When the file is in the simple form, a stamp
 * `.evohub/env-pins/<env>.json` records the SHA-256 of the bytes that passed; later queries hash the file (a few
 * ms for 100,000 pins) and, when the stamp matches, read just the one line (simplePinOf). The stamp holds no
 * pins, so it cannot answer with stale data: any edit changes the hash, and a corrupt, foreign or older-format
 * stamp is ignored and rewritten.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Pin, simplePinOf, simplePins } from '../../core/config/simple-pins.ts';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import { EVOHUB_DIR, mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import { readFileOrNull } from '../fs-errors.ts';

const FORMAT = 'evohub-env-pins/1';
/** Smaller files are read in well under a millisecond: no stamp, no `.evohub/` written for them. */
export const STAMP_MIN_BYTES = 64 * 1024;

type Stamp = { format: string; file: string; bytes: number; sha256: string };

/** `{pin}` (undefined when the file does not pin `name`), or null when the file does not exist. */
export type PinLookup = { pin: Pin | undefined } | null;

export type PinOptions = { stampMinBytes?: number };

/** Every pin of the file, validated: the simple form, else the full parser (loaded only then). */
export async function allPins(text: string, file: string): Promise<Record<string, Pin>> {
  const fast = simplePins(text);
  if (fast) return fast;
  const { parseEnvironment } = await import('../../core/config/parse.ts');
  return parseEnvironment(text, file).prompts;
}

/** The pins of `environments/<env>.yaml` under `root`, or null when it does not exist. */
export async function environmentPins(root: string, env: string): Promise<Record<string, Pin> | null> {
  const file = `environments/${env}.yaml`;
  const bytes = await readFileOrNull(path.join(root, file));
  return bytes === null ? null : allPins(bytes.toString('utf8'), file);
}

export async function environmentPin(
  root: string,
  env: string,
  name: string,
  opts: PinOptions = {},
): Promise<PinLookup> {
  const file = `environments/${env}.yaml`;
  const bytes = await readFileOrNull(path.join(root, file));
  if (bytes === null) return null;
  const own = (pins: Record<string, Pin>) => ({ pin: Object.hasOwn(pins, name) ? pins[name] : undefined });
  // The environment name becomes a file name under .evohub/: only plain ones (the resolver accepts no others).
  const stampable = /^[\w-][\w.-]*$/.test(env) && bytes.length >= (opts.stampMinBytes ?? STAMP_MIN_BYTES);
  if (!stampable) return own(await allPins(bytes.toString('utf8'), file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stampFile = path.join(root, EVOHUB_DIR, 'env-pins', `${env}.json`);
  if (await stampMatches(stampFile, { format: FORMAT, file, bytes: bytes.length, sha256 })) {
    return { pin: simplePinOf(bytes, name) };
  }
  const text = bytes.toString('utf8');
  const fast = simplePins(text);
  if (!fast) return own(await allPins(text, file));
  await writeStamp(stampFile, { format: FORMAT, file, bytes: bytes.length, sha256 });
  return own(fast);
}

async function stampMatches(stampFile: string, want: Stamp): Promise<boolean> {
  try {
    const got = JSON.parse(await readFile(stampFile, 'utf8')) as Partial<Stamp> | null;
    return (
      got?.format === want.format &&
      got.file === want.file &&
      got.bytes === want.bytes &&
      got.sha256 === want.sha256
    );
  } catch {
    // Missing, unreadable or not JSON: no stamp, so the file is validated again and the stamp rewritten.
    return false;
  }
}

async function writeStamp(stampFile: string, stamp: Stamp): Promise<void> {
  try {
    await mkdirInEvohub(path.dirname(stampFile));
    await writeFileAtomic(stampFile, `${JSON.stringify(stamp)}\n`);
  } catch {
    // Only a speed-up: a read-only checkout or a full disk still answers, validating the file on every query.
  }
}
