/**
 * Store failures, split by how callers react: an unavailable backend is
 * temporary (answer "try again in a moment", 503 to Webex), an unreadable
 * record is skipped, a configuration error stops the start-up.
 */

/** Base of every failure raised by a store backend. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The backend cannot be reached right now; retrying later may succeed. */
export class StoreUnavailableError extends StoreError {}

/**
 * An encrypted record cannot be read: unknown key id, tampered bytes or
 * a malformed encoding. The message never contains the record itself.
 */
export class RecordDecryptError extends StoreError {}

/** The store is misconfigured (bad URL, bad key): fix the setting. */
export class StoreConfigError extends StoreError {}

export function isStoreUnavailable(
  error: unknown,
): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
