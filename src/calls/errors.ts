/**
 * Errors of call control that the person caused and can fix: their
 * message is a sentence written for the chat, safe to show as it is.
 */
export class CallsError extends Error {
  override name = 'CallsError';
}

/** A destination that is no number, extension, URI or email address. */
export class DestinationError extends CallsError {
  override name = 'DestinationError';
}

/** The command did not say which call, or named one that is not there. */
export class CallSelectionError extends CallsError {
  override name = 'CallSelectionError';
}

/** A card press that the bot refuses (someone else's call, gone call). */
export class CardActionError extends CallsError {
  override name = 'CardActionError';
}
