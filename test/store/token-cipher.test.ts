import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { RecordDecryptError } from '../../src/store/errors.ts';
import { createTokenCipher, keyIdOf } from '../../src/store/token-cipher.ts';

describe('token cipher', () => {
  const key = randomBytes(32);
  const cipher = createTokenCipher({ current: key });

  it('round-trips and uses a fresh nonce per record', () => {
    const a = cipher.encrypt('secret-token', 'ctx');
    const b = cipher.encrypt('secret-token', 'ctx');
    assert.notEqual(a, b);
    assert.equal(cipher.decrypt(a, 'ctx'), 'secret-token');
    assert.match(a, /^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(a.split('.')[1], keyIdOf(key));
    assert.ok(!a.includes('secret-token'));
  });

  it('refuses a tampered record without echoing it', () => {
    const record = cipher.encrypt('secret-token');
    const parts = record.split('.');
    parts[3] = Buffer.from('x').toString('base64url') + (parts[3] ?? '');
    const tampered = parts.join('.');
    assert.throws(
      () => cipher.decrypt(tampered),
      (error: Error) =>
        error instanceof RecordDecryptError &&
        !error.message.includes(tampered),
    );
  });

  it('refuses a record opened under another context', () => {
    const record = cipher.encrypt('secret-token', 'session:alice:access');
    assert.throws(
      () => cipher.decrypt(record, 'session:bob:access'),
      RecordDecryptError,
    );
  });

  it('names an unknown key id and reads older keys of the ring', () => {
    const oldKey = randomBytes(32);
    const record = createTokenCipher({ current: oldKey }).encrypt('token');
    assert.throws(
      () => cipher.decrypt(record),
      new RegExp(`unknown key id "${keyIdOf(oldKey)}"`),
    );

    const ring = createTokenCipher({ current: key, previous: [oldKey] });
    assert.equal(ring.decrypt(record), 'token');
    assert.equal(ring.encrypt('x').split('.')[1], keyIdOf(key));
  });

  it('refuses malformed records and keys of the wrong size', () => {
    assert.throws(() => cipher.decrypt('plain-token'), /malformed/);
    assert.throws(() => cipher.decrypt('v1.a.b.c'), /malformed/);
    assert.throws(() => createTokenCipher({ current: randomBytes(16) }));
  });
});
