/**
 * Writes cache entry files on a worker thread, in batches. Each entry is a temp file renamed into place (a
 * reader sees a whole entry or none). On the main thread the same four file operations cost ~0.15 ms of CPU per
 * entry through the promise API (a thread-pool round trip each), and done synchronously they block the event
 * loop whenever the disk is busy; here an entry costs the main thread one array push, and a batch one message.
 * The thread holds the process open only while writes are pending.
 */
import { Worker } from 'node:worker_threads';

/** The thread's code (CommonJS, evaluated): the same source runs from the checkout, the package and bundles. */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
function write(dir, tmp, body) {
  try { fs.writeFileSync(tmp, body); }
  catch (e) {
    if (e.code !== 'ENOENT') throw e;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, body);
  }
}
parentPort.on('message', ({ items, upTo }) => {
  const failed = [];
  for (const [id, dir, tmp, file, body] of items) {
    try { write(dir, tmp, body); fs.renameSync(tmp, file); }
    catch (e) {
      try { fs.rmSync(tmp, { force: true }); } catch {}
      failed.push([id, String((e && e.message) || e)]);
    }
  }
  parentPort.postMessage({ upTo, failed });
});
`;

/** How long entries gather before they go to the thread. */
const BATCH_MS = 5;

/** [id, folder, temp path, final path, content] */
type Item = [number, string, string, string, string];
type Waiter = { resolve(): void; reject(error: Error): void };

export class CacheWriter {
  #worker: Worker | undefined;
  #queue: Item[] = [];
  readonly #waiting = new Map<number, Waiter>();
  #seq = 0;
  #scheduled = false;

  /** Resolves once the entry is in place; rejects with the file system's error. */
  write(dir: string, tmp: string, file: string, body: string): Promise<void> {
    const id = ++this.#seq;
    this.#queue.push([id, dir, tmp, file, body]);
    if (!this.#scheduled) {
      this.#scheduled = true;
      // Everything set within a few milliseconds goes in one message (a call waits that much longer, of ~1 s).
      setTimeout(() => this.#send(), BATCH_MS);
    }
    return new Promise<void>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
  }

  #send(): void {
    this.#scheduled = false;
    const items = this.#queue;
    if (items.length === 0) return;
    this.#queue = [];
    try {
      const worker = this.#thread();
      worker.ref();
      worker.postMessage({ items, upTo: (items.at(-1) as Item)[0] });
    } catch (error) {
      // No thread (a restricted runtime): these writes fail like any other cache write, counted by the caller.
      for (const [id] of items) {
        this.#waiting.get(id)?.reject(error instanceof Error ? error : new Error(String(error)));
        this.#waiting.delete(id);
      }
    }
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    worker.on('message', (m: { upTo: number; failed: [number, string][] }) => this.#settle(m));
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', () => this.#fail(worker, new Error('the cache writer thread stopped')));
    this.#worker = worker;
    return worker;
  }

  #settle({ upTo, failed }: { upTo: number; failed: [number, string][] }): void {
    for (const [id, message] of failed) {
      this.#waiting.get(id)?.reject(new Error(`response cache write failed: ${message}`));
      this.#waiting.delete(id);
    }
    // Batches are written in order: everything up to `upTo` is done.
    for (const [id, w] of this.#waiting) {
      if (id > upTo) break;
      w.resolve();
      this.#waiting.delete(id);
    }
    if (this.#waiting.size === 0) this.#worker?.unref();
  }

  /** A dead thread fails what it held; the next write starts a new one. */
  #fail(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const w of this.#waiting.values()) w.reject(error);
    this.#waiting.clear();
  }
}
