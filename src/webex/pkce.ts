/** PKCE (RFC 7636) for the authorization-code flow, S256 only. */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 43 base64url characters from 32 random bytes; kept server-side. */
  verifier: string;
  /** BASE64URL(SHA256(verifier)); sent in the authorize URL. */
  challenge: string;
  method: 'S256';
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** The S256 challenge of `verifier`. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
