/**
 * The sandbox's web console: static pages served by the emulator at `/`,
 * with the two browser libraries it needs (adaptive cards and markdown)
 * under `/console/vendor/`. No build step: the files are sent as they are.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
const require = createRequire(import.meta.url);

interface ConsoleAsset {
  path: string;
  contentType: string;
}

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** URL path → file on disk. Nothing outside this map is ever served. */
function consoleAssets(): Map<string, ConsoleAsset> {
  const own = (file: string, contentType: string): ConsoleAsset => ({
    path: join(PUBLIC_DIR, file),
    contentType,
  });
  return new Map([
    ['/', own('index.html', HTML)],
    ['/console/console.css', own('console.css', CSS)],
    ['/console/panels.css', own('panels.css', CSS)],
    ['/console/console.js', own('console.js', JS)],
    ['/console/chat.js', own('chat.js', JS)],
    ['/console/phone.js', own('phone.js', JS)],
    ['/console/dial-check.js', own('dial-check.js', JS)],
    ['/console/sandbox-api.js', own('sandbox-api.js', JS)],
    [
      '/console/vendor/adaptivecards.min.js',
      {
        path: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
        contentType: JS,
      },
    ],
    [
      '/console/vendor/marked.esm.js',
      { path: require.resolve('marked'), contentType: JS },
    ],
  ]);
}

/**
 * Serves the console at `/` on an emulator app. Files are read on each
 * request (they are small, and edits show on reload).
 */
export function registerConsole(app: FastifyInstance): void {
  for (const [url, asset] of consoleAssets()) {
    app.get(url, async (_request, reply) => {
      const body = await readFile(asset.path);
      return reply
        .header('content-type', asset.contentType)
        .header('cache-control', 'no-cache')
        .send(body);
    });
  }
}
