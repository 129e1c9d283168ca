/**
 * A real HTTP server on 127.0.0.1:0 whose answers a test scripts one
 * request at a time. It records every request (method, path, headers,
 * body) so tests can count and inspect them.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless a string. */
  body?: unknown;
}

/**
 * A reply, or a fault: cut the connection, never answer, or send the
 * headers and the first bytes of a body that never ends.
 */
export type Fault = 'destroy' | 'hang' | 'stall-body';

export type Script = (
  request: RecordedRequest,
  index: number,
) => ScriptedReply | Fault;

export interface ScriptedServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  requests: RecordedRequest[];
  /** Replaces the script and forgets recorded requests. */
  script(script: Script): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let current: Script = () => ({ status: 404, body: { message: 'none' } });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      reply(response, current(recorded, requests.length - 1));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script(script) {
      current = script;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function reply(response: ServerResponse, outcome: ScriptedReply | Fault): void {
  if (outcome === 'hang') return;
  if (outcome === 'stall-body') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"id":');
    return;
  }
  if (outcome === 'destroy') {
    response.socket?.destroy();
    return;
  }

  const { status = 200, headers = {}, body } = outcome;
  const text =
    body === undefined || typeof body === 'string'
      ? (body ?? '')
      : JSON.stringify(body);
  response.writeHead(status, {
    ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}),
    ...headers,
  });
  response.end(text);
}

/** A Webex-shaped error body. */
export function webexError(message: string, trackingId = 'ROUTER_TEST') {
  return { message, errors: [{ description: message }], trackingId };
}
