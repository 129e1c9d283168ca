import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsole } from '../../src/emulator/console/register-console.ts';

describe('registerConsole', () => {
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    app = Fastify();
    registerConsole(app);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await app.close();
  });

  it('serves the console page at the root', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /data-testid="chat-messages"/);
    assert.match(html, /\/console\/console\.js/);
  });

  it('serves every script the page loads as JavaScript', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const sources = [...html.matchAll(/src="([^"]+)"/g)].map(
      (match) => match[1],
    );
    assert.ok(sources.length >= 2);
    for (const source of sources) {
      const response = await fetch(`${base}${source}`);
      assert.equal(response.status, 200, source);
      assert.match(
        response.headers.get('content-type') ?? '',
        /^text\/javascript/,
      );
    }
  });

  it('serves the modules the console imports, vendored libraries too', async () => {
    for (const path of [
      '/console/chat.js',
      '/console/phone.js',
      '/console/dial-check.js',
      '/console/sandbox-api.js',
      '/console/vendor/marked.esm.js',
      '/console/console.css',
      '/console/panels.css',
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200, path);
      assert.ok((await response.text()).length > 100, path);
    }
  });

  it('serves nothing outside its own files', async () => {
    for (const path of [
      '/console/../package.json',
      '/console/vendor/adaptivecards.js',
      '/console/register-console.ts',
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
    }
  });
});
