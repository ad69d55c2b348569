/**
 * A real smart-HTTP git remote for tests: node:http in front of git's own `git http-backend` CGI over a bare
 * repository in a temp dir (the changesets/action approach). Optional Basic-auth token check (a wrong token is
 * answered 401), and faults: refuse pushes (403) or drop the connection in the middle of the next push.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type GitHttpServerOptions = {
  /** Required password (any user name) in Basic auth; none means anonymous access. */
  token?: string;
  /** Name of the bare repository under the server root; URL path `/<name>.git`. */
  name?: string;
  defaultBranch?: string;
};

export type GitHttpServer = {
  /** Clone URL of the repository, without credentials. */
  url: string;
  /** Path of the bare repository on disk. */
  bareDir: string;
  /** Answer every push with 403. */
  rejectPushes(on: boolean): void;
  /** Close the connection after part of the next push's pack has arrived, retries included (nothing is applied). */
  dropNextPush(): void;
  /** Every request as `METHOD path?query` with the user name given, if any (never the password). */
  requests: string[];
  /** Tip of a branch in the bare repository; null when it does not exist. */
  branchTip(branch: string): string | null;
  close(): Promise<void>;
};

function gitExecPath(): string {
  return execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();
}

function basicAuth(req: IncomingMessage): { user: string; password: string } | null {
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Basic ')) return null;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export async function startGitHttpServer(options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const root = mkdtempSync(join(tmpdir(), 'evohub-git-http-'));
  const name = options.name ?? 'repo';
  const bareDir = join(root, `${name}.git`);
  const branch = options.defaultBranch ?? 'main';
  execFileSync('git', ['init', '--quiet', '--bare', `--initial-branch=${branch}`, bareDir]);
  execFileSync('git', ['-C', bareDir, 'config', 'http.receivepack', 'true']);
  const backend = join(gitExecPath(), 'git-http-backend');
  const requests: string[] = [];
  let reject = false;
  // Armed by dropNextPush; the next push's discovery turns it into `dropping`, which cuts every POST of that push
  // (curl retries a POST once on a fresh connection) until the next push starts.
  let dropArmed = false;
  let dropping = false;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = basicAuth(req);
    requests.push(`${req.method} ${url.pathname}${url.search}${auth ? ` user=${auth.user}` : ''}`);
    if (options.token !== undefined && auth?.password !== options.token) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="evohub-test"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const isPush =
      url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
    if (isPush && reject) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('pushes are refused\n');
      return;
    }
    if (isPush && req.method === 'GET') {
      dropping = dropArmed;
      dropArmed = false;
    }
    if (isPush && req.method === 'POST' && dropping) {
      // Let some of the pack arrive, then cut the connection: the backend never sees the push.
      req.once('data', () => req.socket.destroy());
      return;
    }
    const child = spawn(backend, [], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        REMOTE_USER: auth?.user ?? 'anonymous',
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {});
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) return;
      const sepLen = end === crlf ? 4 : 2;
      const headerText = head.subarray(0, end).toString('utf8');
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of headerText.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[key] = value;
      }
      headersDone = true;
      res.writeHead(status, headers);
      res.write(head.subarray(end + sepLen));
    });
    child.stdout.on('end', () => res.end());
    child.on('error', () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/${name}.git`,
    bareDir,
    requests,
    rejectPushes: (on) => {
      reject = on;
    },
    dropNextPush: () => {
      dropArmed = true;
    },
    branchTip(b) {
      try {
        return execFileSync('git', ['-C', bareDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${b}`], {
          encoding: 'utf8',
        }).trim();
      } catch {
        return null;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
