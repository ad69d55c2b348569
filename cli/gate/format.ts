import type { GateResult } from '../../core/gate/decide.ts';

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', pending: '..  ' };

/** The human report of one gate evaluation. */
export function formatGateResult(r: GateResult): string {
  const [stable, canary] = r.variants;
  const lines = [
    `evohub gate: ${r.decision.toUpperCase()} — ${r.reason}`,
    `  prompt ${r.prompt}, window ${r.window}, at ${r.evaluatedAt}; ${stable?.name} ${stable?.requests} / ${canary?.name} ${canary?.requests} outcomes`,
    ...r.checks.map((c) => `  ${MARK[c.status]} ${c.name}: ${c.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** JSON with infinite interval limits as null (JSON has no Infinity). */
export function gateResultJson(r: GateResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
