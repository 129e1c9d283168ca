/**
 * Checkpoints a WAL-mode SQLite file from a worker thread, so that the
 * event loop never waits for one.
 *
 * With `synchronous = NORMAL` a commit only appends to the WAL; the
 * fsyncs happen at checkpoints, which SQLite runs by default inside
 * whichever commit crosses 1,000 WAL pages. On a slow disk that stalls
 * every request queued behind it for tens of milliseconds, several times
 * a second under load. The store turns that off (`wal_autocheckpoint =
 * 0`) and starts one of these instead: a second connection in a worker
 * that runs a PASSIVE checkpoint (it never blocks readers or writers)
 * every interval. SQLite restarts the WAL from its beginning at the next
 * commit after a complete checkpoint, so the file stays small.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** The database file (not ':memory:'). */
  path: string;
  intervalMs: number;
  /** A checkpoint that failed (other than busy): logged, then retried. */
  onError: (message: string) => void;
}

export interface WalCheckpointer {
  /** Stops the worker; the closing connection checkpoints what is left. */
  stop(): Promise<void>;
}

// Plain CommonJS run by the worker: it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (!String(error && error.code).startsWith('SQLITE_BUSY')) {
      parentPort.postMessage(String(error && error.message));
    }
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startWalCheckpointer(
  options: WalCheckpointerOptions,
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      path: options.path,
      intervalMs: options.intervalMs,
    },
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  worker.on('message', (message: string) => options.onError(message));
  worker.on('error', (error) => options.onError(error.message));
  // The store's close() stops it; it must not keep a process alive.
  worker.unref();

  return {
    async stop() {
      if (!running) return;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
