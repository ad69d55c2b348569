/**
 * The web UI's static files (server/web, built by the pages) and the vendored browser bundles from
 * node_modules, under `/assets/vendor/<file>`. Only a fixed set of extensions is served, every path is checked
 * to stay inside its folder, and nothing under /api is ever answered here.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

/** Vendored browser bundles: the URL's file name → the file in node_modules. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
  'diff.min.js': 'diff/dist/diff.min.js',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file `rel` names inside `dir`, or undefined when it leaves `dir` (by `..` or a link) or does not exist. */
async function inside(dir: string, rel: string): Promise<string | undefined> {
  if (rel.includes('\0') || rel.split('/').some((s) => s === '..' || s.startsWith('.'))) return undefined;
  const file = path.resolve(dir, rel);
  try {
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
    return realFile.startsWith(realDir + path.sep) ? realFile : undefined;
  } catch {
    return undefined;
  }
}

async function send(c: Context, file: string | undefined, cache: string) {
  const type = file ? TYPES[path.extname(file).toLowerCase()] : undefined;
  if (!file || !type) return c.json({ error: { code: 'NOT_FOUND', message: 'no such file' } }, 404);
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return c.json({ error: { code: 'NOT_FOUND', message: 'no such file' } }, 404);
  return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'cache-control': cache });
}

export function staticHandler(o: { webDir: string; nodeModules: string }) {
  return async (c: Context) => {
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path).replace(/^\/+/, '');
    } catch {
      return c.json({ error: { code: 'USAGE', message: 'malformed path' } }, 400);
    }
    const vendor = /^assets\/vendor\/([^/]+)$/.exec(rel);
    if (vendor && VENDOR_FILES[vendor[1] as string]) {
      const file = await inside(o.nodeModules, VENDOR_FILES[vendor[1] as string] as string);
      return send(c, file, 'public, max-age=86400');
    }
    // The UI routes in the URL's hash, so every page is index.html.
    if (rel === '' || rel === 'index.html') return send(c, await inside(o.webDir, 'index.html'), 'no-cache');
    return send(c, await inside(o.webDir, rel), 'no-cache');
  };
}
