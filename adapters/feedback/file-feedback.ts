/**
 * Feedback as a JSONL file: the sink appends one line per case (one `appendFile` call, O_APPEND: concurrent
 * writers on one machine do not interleave lines of ordinary size), the source streams every complete line. A
 * last line without its newline is a write in progress and is left for the next pull.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
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

/** A case larger than this is no test case (and would stall the near-duplicate check): refused at its line. */
export const MAX_CASE_BYTES = 1024 * 1024;

/**
 * The complete lines of `path` (without their newline), numbered from 1, read as a stream: a feedback file of
 * any size is never one string, and a line is given up as soon as it passes MAX_CASE_BYTES.
 */
async function* completeLines(path: string): AsyncGenerator<[number, string]> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      parts.push(chunk.subarray(from, nl));
      size += nl - from;
      if (size > MAX_CASE_BYTES) throw tooLarge(path, n);
      yield [n++, Buffer.concat(parts, size).toString('utf8')];
      parts = [];
      size = 0;
      from = nl + 1;
    }
    parts.push(chunk.subarray(from));
    size += chunk.length - from;
    if (size > MAX_CASE_BYTES) throw tooLarge(path, n);
  }
  // What is left has no newline yet: a write in progress, read by the next pull.
}

function tooLarge(file: string, line: number): ValidationError {
  return new ValidationError([
    {
      location: { file, line },
      message: `a case of more than ${MAX_CASE_BYTES / 1024 / 1024} MiB: too large for a dataset row`,
    },
  ]);
}

export function fileFeedbackSource(path: string, shownAs = path): FeedbackSource {
  return {
    description: `file ${shownAs}`,
    async read({ since }) {
      const out: FeedbackCase[] = [];
      try {
        for await (const [n, line] of completeLines(path)) {
          if (line.trim() === '') continue;
          let raw: unknown;
          try {
            raw = JSON.parse(line);
          } catch (e) {
            throw new ValidationError([
              { location: { file: path, line: n }, message: `not a JSON object: ${(e as Error).message}` },
            ]);
          }
          const c = parseFeedbackCase(raw, { file: path, line: n });
          if (!since || Date.parse(c.time) >= since.getTime()) out.push(c);
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        throw new NotFoundError(`feedback file not found: ${path}`, {
          location: { file: path },
          hint: 'record cases with the runtime SDK (fileFeedbackSink), or pass --file',
        });
      }
      return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    },
  };
}
