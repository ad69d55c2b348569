import { safeText } from '../core/text/safe-text.ts';
import type { CliContext, Output } from './context.ts';

/** The redraw prefix of our own progress bar (cli/eval/progress.ts): carriage return, erase line. */
const REDRAW = '\r\x1b[2K';

/**
 * An output whose every chunk goes through safeText: whatever a command prints (tables quoting dataset cells,
 * model outputs, file names, commit subjects, error messages) reaches the terminal or CI log without raw
 * control characters. JSON stays valid and decodes to the same strings: JSON.stringify never emits a raw C0
 * character, and the others become `\u` escapes. The one sequence we draw ourselves, the progress bar's redraw
 * prefix, passes at the start of a chunk; the rest of that chunk is escaped like any other.
 */
export function safeOutput(out: Output): Output {
  const safe: Output = {
    write: (chunk: string) => {
      const s = String(chunk);
      if (s.startsWith(REDRAW)) return out.write(REDRAW + safeText(s.slice(REDRAW.length)));
      return out.write(safeText(s));
    },
  };
  if (out.isTTY !== undefined) safe.isTTY = out.isTTY;
  return safe;
}

/** The context with both outputs made safe (see safeOutput). */
export function withSafeOutput(ctx: CliContext): CliContext {
  return { ...ctx, stdout: safeOutput(ctx.stdout), stderr: safeOutput(ctx.stderr) };
}
