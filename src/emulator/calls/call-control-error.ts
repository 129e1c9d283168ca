/**
 * Refusals of the call-control API, as the emulator's Webex errors.
 *
 * Webex documents the status codes but not the messages of call-control
 * refusals; the messages here say what failed and how to fix it, and the
 * statuses follow the public reference: 400 for a request that does not
 * fit the call's state, 403 for a user without Webex Calling, 404 for a
 * call the user does not have.
 */
import { WebexApiError } from '../webex-error.ts';

export { sendWebexError, WebexApiError } from '../webex-error.ts';

export function badRequest(message: string): WebexApiError {
  return new WebexApiError(400, message);
}

export function forbidden(message: string): WebexApiError {
  return new WebexApiError(403, message);
}

export function notFound(message: string): WebexApiError {
  return new WebexApiError(404, message);
}

export function conflict(message: string): WebexApiError {
  return new WebexApiError(409, message);
}
