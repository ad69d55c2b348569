/**
 * Feedback as a JSONL file: the sink appends one line per case (one `appendFile` call, O_APPEND: concurrent
 * writers on one machine do not interleave lines of ordinary size), the source reads every complete line. A
 * last line without its newline is a write in progress and is left for the next pull.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { type FeedbackCase, parseFeedbackCase } from '../../core/feedback/feedback-case.ts';
import type { FeedbackSink, FeedbackSource } from '../../core/ports/feedback.ts';

export function fileFeedbackSink(path: string): FeedbackSink {
  let dirReady: Promise<unknown> | null = null;
  return {
    async write(c) {
      dirReady ??= mkdir(dirname(path), { recursive: true });
      await dirReady;
      await appendFile(path, `${JSON.stringify(c)}\n`, 'utf8');
    },
  };
}

export function fileFeedbackSource(path: string, shownAs = path): FeedbackSource {
  return {
    description: `file ${shownAs}`,
    async read({ since }) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        throw new NotFoundError(`feedback file not found: ${path}`, {
          location: { file: path },
          hint: 'record cases with the runtime SDK (fileFeedbackSink), or pass --file',
        });
      }
      const lines = text.split('\n');
      lines.pop(); // '' after the last newline, or a line still being written
      const out: FeedbackCase[] = [];
      for (const [i, line] of lines.entries()) {
        if (line.trim() === '') continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch (e) {
          throw new ValidationError([
            { location: { file: path, line: i + 1 }, message: `not a JSON object: ${(e as Error).message}` },
          ]);
        }
        const c = parseFeedbackCase(raw, { file: path, line: i + 1 });
        if (!since || Date.parse(c.time) >= since.getTime()) out.push(c);
      }
      return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    },
  };
}
