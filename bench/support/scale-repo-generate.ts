/**
 * Generates the scale benchmark's repository with `git fast-import` (objects written directly, no CLI calls):
 * `prompts` prompt files under `prompts/team-<t>/area-<a>/` (100 per folder, as real repositories shard them),
 * `versions` commits in all, round-robin over the prompts (commit k bumps prompt k mod N to its next version),
 * and a last commit pinning every prompt in `environments/production.yaml`. Streams to fast-import's stdin so
 * that a million commits never sit in memory.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const WORDS = [
  'billing',
  'refund',
  'invoice',
  'login',
  'password',
  'crash',
  'timeout',
  'upgrade',
  'feature',
  'export',
  'import',
  'shipping',
  'delivery',
  'return',
  'warranty',
  'discount',
  'coupon',
  'subscription',
  'cancel',
  'account',
  'privacy',
  'security',
  'latency',
  'mobile',
  'desktop',
  'browser',
  'payment',
  'card',
  'bank',
  'tax',
];

export function promptPath(p: number): string {
  return `prompts/team-${p % 100}/area-${Math.floor(p / 100) % 10}/prompt-${p}.prompt.yml`;
}

/** Deterministic, varied text: each prompt has its own topic words; each version rewrites one sentence. */
export function promptText(p: number, v: number): string {
  const w = (i: number) => WORDS[(p * 7 + i * 13) % WORDS.length] as string;
  return `name: Support assistant ${p}
description: Generated prompt ${p} about ${w(0)} and ${w(1)}
model: simulated/classification
version: ${v}
modelParameters:
  temperature: 0.2
messages:
  - role: system
    content: |
      You are support assistant ${p}, revision ${v}.
      Customers write about ${w(0)}, ${w(1)} and ${w(2)}; focus on ${w((v % 5) + 3)} this time.
      Answer with one category: ${w(4)}, ${w(5)}, ${w(6)}, other.
  - role: user
    content: "{{input}}"
`;
}

export function pinnedVersion(p: number, prompts: number, versions: number): number {
  const per = Math.floor(versions / prompts) + (p < versions % prompts ? 1 : 0);
  return Math.max(1, per - 1);
}

/** Writes the stream with back-pressure; resolves when fast-import exits successfully. */
export async function generateRepo(dir: string, prompts: number, versions: number): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--depth=10', '--max-pack-size=0'], {
    cwd: dir,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  const write = async (s: string) => {
    if (!child.stdin.write(s)) await once(child.stdin, 'drain');
  };
  let t = 1_700_000_000;
  let chunk = '';
  for (let k = 0; k < versions; k++) {
    const p = k % prompts;
    const v = Math.floor(k / prompts) + 1;
    const body = promptText(p, v);
    const msg = `bump prompt-${p} to version ${v}\n`;
    chunk +=
      'commit refs/heads/main\n' +
      `author Bench <bench@example.com> ${t} +0000\n` +
      `committer Bench <bench@example.com> ${t} +0000\n` +
      `data ${Buffer.byteLength(msg)}\n${msg}` +
      `M 100644 inline ${promptPath(p)}\n` +
      `data ${Buffer.byteLength(body)}\n${body}\n`;
    t += 1;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  const pins = ['prompts:'];
  for (let p = 0; p < prompts; p++) pins.push(`  prompt-${p}: ${pinnedVersion(p, prompts, versions)}`);
  const env = `${pins.join('\n')}\n`;
  const msg = 'pin production\n';
  chunk +=
    'commit refs/heads/main\n' +
    `author Bench <bench@example.com> ${t} +0000\n` +
    `committer Bench <bench@example.com> ${t} +0000\n` +
    `data ${Buffer.byteLength(msg)}\n${msg}` +
    'M 100644 inline environments/production.yaml\n' +
    `data ${Buffer.byteLength(env)}\n${env}\n`;
  await write(chunk);
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr}`);
}

/**
 * Appends `count` commits bumping prompts `first`, `first + 1`, … (the incremental-update measurements) on top of
 * main.
 */
export async function appendCommits(
  dir: string,
  prompts: number,
  count: number,
  from: number,
  first = 0,
): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit');
  let s = '';
  let t = 1_800_000_000;
  for (let i = 0; i < count; i++) {
    const p = (first + i) % prompts;
    const body = promptText(p, from + i);
    const msg = `incremental bump prompt-${p}\n`;
    s +=
      'commit refs/heads/main\n' +
      `author Bench <bench@example.com> ${t} +0000\n` +
      `committer Bench <bench@example.com> ${t} +0000\n` +
      `data ${Buffer.byteLength(msg)}\n${msg}` +
      (i === 0 ? 'from refs/heads/main^0\n' : '') +
      `M 100644 inline ${promptPath(p)}\n` +
      `data ${Buffer.byteLength(body)}\n${body}\n`;
    t += 1;
  }
  child.stdin.end(s);
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr}`);
}
