/**
 * Why the bot cannot act for a person right now. Each one ends in a
 * sentence for that person (see src/bot/commands/error-replies.ts).
 */

export class AuthError extends Error {
  readonly personId: string;

  constructor(personId: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.personId = personId;
  }
}

/** The bot holds no tokens for the person: they have to run /auth. */
export class NotAuthorizedError extends AuthError {
  constructor(personId: string) {
    super(personId, `No session for person ${personId}: run /auth first`);
  }
}

/** Webex refused the refresh token: the person has to authorize again. */
export class ReauthRequiredError extends AuthError {
  constructor(personId: string, options?: ErrorOptions) {
    super(
      personId,
      `The session of person ${personId} needs a new authorization ` +
        '(refresh token refused): run /auth',
      options,
    );
  }
}

/**
 * Another instance kept the refresh lock of this person for longer than
 * we wait; retrying in a moment normally succeeds.
 */
export class RefreshBusyError extends AuthError {
  constructor(personId: string, waitedMs: number) {
    super(
      personId,
      `Gave up waiting ${waitedMs} ms for another refresh of person ` +
        `${personId}'s tokens`,
    );
  }
}
