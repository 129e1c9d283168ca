/**
 * Follows the emulator's `/_sandbox/events` stream and hands each event
 * of the wanted types to `onEvent` with the moment it arrived
 * (performance.now()), so latency is measured to the moment the emulator
 * stored the message or started the call.
 */
export interface EmulatorWatch {
  /** Resolves once the stream is open. */
  ready: Promise<void>;
  stop(): void;
}

export function watchEmulator(
  emulatorUrl: string,
  types: readonly string[],
  onEvent: (type: string, data: Record<string, unknown>, at: number) => void,
): EmulatorWatch {
  const stopper = new AbortController();
  let opened: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });

  const follow = async () => {
    const response = await fetch(`${emulatorUrl}/_sandbox/events`, {
      signal: stopper.signal,
    });
    if (response.body === null) throw new Error('The event stream is empty');
    opened();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      const at = performance.now();
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const type = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (type === undefined || data === undefined) continue;
        if (!types.includes(type)) continue;
        const event = JSON.parse(data) as { data?: Record<string, unknown> };
        onEvent(type, event.data ?? {}, at);
      }
    }
  };
  follow().catch((error: unknown) => {
    if (!stopper.signal.aborted) {
      console.error('The emulator event stream failed:', error);
    }
  });
  return { ready, stop: () => stopper.abort() };
}

/** Waits until `count()` stops changing for `quietMs` (or `maxMs` passes). */
export async function settle(
  count: () => number,
  quietMs = 500,
  maxMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
  }
}
