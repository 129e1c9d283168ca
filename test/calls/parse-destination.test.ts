import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DestinationError } from '../../src/calls/errors.ts';
import { parseDestination } from '../../src/calls/parse-destination.ts';

describe('parseDestination', () => {
  it('reads extensions, numbers and feature codes', () => {
    assert.deepEqual(parseDestination('1001'), {
      kind: 'extension',
      value: '1001',
    });
    assert.deepEqual(parseDestination('+1 (555) 555-0101'), {
      kind: 'number',
      value: '+15555550101',
    });
    assert.deepEqual(parseDestination('2223334444'), {
      kind: 'number',
      value: '2223334444',
    });
    assert.equal(parseDestination('*73').kind, 'extension');
  });

  it('reads tel: and sip: URIs and email addresses', () => {
    assert.deepEqual(parseDestination('tel:+1 555 555 0101'), {
      kind: 'uri',
      value: 'tel:+15555550101',
    });
    assert.deepEqual(parseDestination('sip:bob@example.com'), {
      kind: 'uri',
      value: 'sip:bob@example.com',
    });
    assert.deepEqual(parseDestination(' bob@example.com '), {
      kind: 'email',
      value: 'bob@example.com',
    });
  });

  it('explains what is wrong with bad input', () => {
    assert.throws(() => parseDestination(''), DestinationError);
    assert.throws(() => parseDestination('bob'), /not a number, extension/);
    assert.throws(() => parseDestination('tel:abc'), /not a valid tel: URI/);
    assert.throws(() => parseDestination('sip:nobody'), /sip:user@domain/);
    assert.throws(() => parseDestination('bob@'), /email address/);
    assert.throws(() => parseDestination('1234567890123456'), /16 digits/);
    assert.throws(() => parseDestination('12+34'), DestinationError);
  });
});
