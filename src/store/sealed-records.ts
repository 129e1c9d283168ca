/**
 * How sessions and monitors look at rest, in every backend: the same
 * fields, with the secrets sealed by the token cipher. Opening checks
 * the shape too, so a foreign or damaged row fails here, not later.
 */
import { z } from 'zod';
import { RecordDecryptError } from './errors.ts';
import type { Monitor, Session } from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

const epochMs = z.number().int().nonnegative();

const sealedSessionSchema = z.object({
  personId: z.string().min(1),
  email: z.string(),
  displayName: z.string(),
  accessTokenSealed: z.string(),
  refreshTokenSealed: z.string(),
  accessTokenExpiresAt: epochMs.nullable(),
  refreshTokenExpiresAt: epochMs.nullable(),
  scopes: z.string(),
  needsReauth: z.boolean(),
  createdAt: epochMs,
  updatedAt: epochMs,
});

const sealedMonitorSchema = z.object({
  personId: z.string().min(1),
  hookPath: z.string().min(1),
  secretSealed: z.string(),
  webhookId: z.string().nullable(),
  createdAt: epochMs,
});

export type SealedSession = z.infer<typeof sealedSessionSchema>;
export type SealedMonitor = z.infer<typeof sealedMonitorSchema>;

export function sealSession(
  cipher: TokenCipher,
  session: Session,
): SealedSession {
  const { accessToken, refreshToken, ...plain } = session;
  const id = session.personId;
  return {
    ...plain,
    accessTokenSealed: cipher.encrypt(accessToken, `session:${id}:access`),
    refreshTokenSealed: cipher.encrypt(refreshToken, `session:${id}:refresh`),
  };
}

/** Throws RecordDecryptError when the row is malformed or unreadable. */
export function openSession(cipher: TokenCipher, row: unknown): Session {
  const parsed = sealedSessionSchema.safeParse(row);
  if (!parsed.success) {
    throw new RecordDecryptError('Stored session has an unexpected shape.');
  }
  const { accessTokenSealed, refreshTokenSealed, ...plain } = parsed.data;
  const id = plain.personId;
  return {
    ...plain,
    accessToken: cipher.decrypt(accessTokenSealed, `session:${id}:access`),
    refreshToken: cipher.decrypt(refreshTokenSealed, `session:${id}:refresh`),
  };
}

export function sealMonitor(
  cipher: TokenCipher,
  monitor: Monitor,
): SealedMonitor {
  const { secret, ...plain } = monitor;
  return {
    ...plain,
    secretSealed: cipher.encrypt(secret, `monitor:${monitor.personId}`),
  };
}

/** Throws RecordDecryptError when the row is malformed or unreadable. */
export function openMonitor(cipher: TokenCipher, row: unknown): Monitor {
  const parsed = sealedMonitorSchema.safeParse(row);
  if (!parsed.success) {
    throw new RecordDecryptError('Stored monitor has an unexpected shape.');
  }
  const { secretSealed, ...plain } = parsed.data;
  return {
    ...plain,
    secret: cipher.decrypt(secretSealed, `monitor:${plain.personId}`),
  };
}

/** Warns once per unreadable record, naming only its key (a person id). */
export class UnreadableRecordWarner {
  readonly #warned = new Set<string>();

  constructor(
    private readonly warn: (fields: object, message: string) => void,
  ) {}

  report(kind: 'session' | 'monitor', personId: string, error: unknown) {
    const key = `${kind}:${personId}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    const reason = error instanceof Error ? error.message : 'unknown error';
    this.warn(
      { personId, reason },
      `Skipping the stored ${kind} of ${personId}: it cannot be read ` +
        `(${reason}). The person must run /auth again.`,
    );
  }

  /** A fresh write replaces the bad record: warn again if it breaks. */
  forget(kind: 'session' | 'monitor', personId: string) {
    this.#warned.delete(`${kind}:${personId}`);
  }
}
