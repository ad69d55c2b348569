/** A line-level diff (longest common subsequence), small inputs only: prompt messages, not whole repositories. */

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

export function diffLines(a: string, b: string): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = LCS length of x[i..] and y[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const next = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        x[i] === y[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i] as string });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] as number) >= (lcs[i]?.[j + 1] as number)) {
      out.push({ op: '-', text: x[i++] as string });
    } else {
      out.push({ op: '+', text: y[j++] as string });
    }
  }
  while (i < n) out.push({ op: '-', text: x[i++] as string });
  while (j < m) out.push({ op: '+', text: y[j++] as string });
  return out;
}

/** Changed lines with up to `context` unchanged lines around them; `…` marks skipped runs. */
export function formatLineDiff(lines: readonly DiffLine[], context = 2, indent = '    '): string[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, k) => {
    if (l.op === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(lines.length - 1, k + context); d++) keep[d] = true;
  });
  const out: string[] = [];
  let skipped = false;
  lines.forEach((l, k) => {
    if (!keep[k]) {
      if (!skipped) out.push(`${indent}…`);
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${indent}${l.op} ${l.text}`);
  });
  return out;
}
