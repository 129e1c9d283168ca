/**
 * Encrypts the secrets the store keeps (OAuth tokens, webhook secrets)
 * with AES-256-GCM. Each record carries the id of the key that sealed
 * it, so keys can be rotated: the current key encrypts, every key of the
 * ring decrypts.
 *
 * Record layout (base64url parts): `v1.<keyId>.<nonce>.<ciphertext>.<tag>`.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from 'node:crypto';
import { RecordDecryptError, StoreConfigError } from './errors.ts';

const VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenCipher {
  /** Id of the key new records are sealed with. */
  readonly currentKeyId: string;
  /**
   * Seals `plaintext`. `context` (e.g. "session:<personId>:access") is
   * bound as associated data: the record only opens with the same one,
   * so a record copied to another row is refused.
   */
  encrypt(plaintext: string, context?: string): string;
  /** Opens a record; throws RecordDecryptError when it cannot. */
  decrypt(record: string, context?: string): string;
}

export interface TokenCipherKeys {
  current: Buffer;
  /** Older keys still accepted for reading while records migrate. */
  previous?: readonly Buffer[];
}

/** First 8 hex digits of the key's SHA-256: names a key, reveals nothing. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createTokenCipher(keys: TokenCipherKeys): TokenCipher {
  const ring = new Map<string, Buffer>();
  for (const key of [keys.current, ...(keys.previous ?? [])]) {
    if (key.length !== KEY_BYTES) {
      throw new StoreConfigError(
        `Token encryption keys must be ${KEY_BYTES} bytes, got ${key.length}.`,
      );
    }
    ring.set(keyIdOf(key), Buffer.from(key));
  }
  const currentKeyId = keyIdOf(keys.current);
  const currentKey = keys.current;

  return {
    currentKeyId,

    encrypt(plaintext, context = '') {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
      ]);
      return [
        VERSION,
        currentKeyId,
        nonce.toString('base64url'),
        sealed.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },

    decrypt(record, context = '') {
      const parts = record.split('.');
      const [version, keyId, nonce, sealed, tag] = parts;
      if (
        parts.length !== 5 ||
        version !== VERSION ||
        keyId === undefined ||
        nonce === undefined ||
        sealed === undefined ||
        tag === undefined
      ) {
        throw new RecordDecryptError(
          'Encrypted record is malformed (expected v1.<keyId>.<nonce>.' +
            '<ciphertext>.<tag>).',
        );
      }

      const key = ring.get(keyId);
      if (key === undefined) {
        throw new RecordDecryptError(
          `Encrypted record uses unknown key id ${JSON.stringify(keyId)}; ` +
            'add that key to the keyring to read it.',
        );
      }

      const nonceBytes = Buffer.from(nonce, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (nonceBytes.length !== NONCE_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new RecordDecryptError(
          'Encrypted record is malformed (bad nonce or tag length).',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonceBytes);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([
          decipher.update(Buffer.from(sealed, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new RecordDecryptError(
          `Encrypted record with key id ${keyId} failed authentication ` +
            '(tampered, or sealed for another row).',
          { cause: error },
        );
      }
    },
  };
}
