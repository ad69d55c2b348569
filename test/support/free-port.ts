import { createServer } from 'node:net';

/**
 * A loopback TCP port that was free a moment ago: bound to port 0, read, released. Tests start a server on it,
 * or use it as a port nothing listens on (a refused connection).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port bound')),
      );
    });
  });
}
