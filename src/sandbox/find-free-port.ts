/** Asks the OS for a free TCP port. */
import { createServer } from 'node:net';

/**
 * A port nothing listens on right now. Another process could take it
 * before it is used; the sandbox only needs it for a local run.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
