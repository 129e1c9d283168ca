import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifySignature } from '../../../src/bot/intake/verify-signature.ts';

const secret = 'a-webhook-secret';
const body = Buffer.from('{"id":"x","data":{"id":"é"}}', 'utf8');
const sign = (bytes: Buffer) =>
  createHmac('sha1', secret).update(bytes).digest('hex');

describe('verifySignature', () => {
  it('accepts the HMAC-SHA1 of the exact bytes', () => {
    assert.equal(verifySignature(secret, body, sign(body)), true);
  });

  it('rejects a missing, malformed or wrong signature', () => {
    assert.equal(verifySignature(secret, body, undefined), false);
    assert.equal(verifySignature(secret, body, ''), false);
    assert.equal(verifySignature(secret, body, 'zz'), false);
    assert.equal(verifySignature(secret, body, ['a', 'b']), false);
    assert.equal(verifySignature('other', body, sign(body)), false);
  });

  it('rejects the same JSON with different bytes', () => {
    const reserialized = Buffer.from(
      JSON.stringify(JSON.parse(`${body}`), null, 1),
    );
    assert.equal(verifySignature(secret, reserialized, sign(body)), false);
  });
});
