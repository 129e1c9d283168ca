/** Waiting on a spawned command: a line of its output, its exit. */
import type { ChildProcess } from 'node:child_process';

export const OPEN_LINE = /Open (http:\/\/\S+) /;

/**
 * Resolves with the first match of `pattern` in the command's output
 * (standard output and error), or rejects with all it printed.
 */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${output}`)),
        ),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) finish(() => resolve(match));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // 'close', not 'exit': the output is complete by then.
    child.once('close', (code) =>
      finish(() =>
        reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)),
      ),
    );
  });
}

export function exitOf(child: ChildProcess, timeoutMs: number) {
  return new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`still running ${timeoutMs} ms after SIGTERM`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
