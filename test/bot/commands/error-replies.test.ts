import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NotAuthorizedError,
  ReauthRequiredError,
} from '../../../src/auth/errors.ts';
import {
  ErrorReplies,
  ReplyError,
  UNKNOWN_FAILURE,
} from '../../../src/bot/commands/error-replies.ts';
import { StoreUnavailableError } from '../../../src/store/errors.ts';
import {
  WebexApiError,
  WebexRateLimitError,
} from '../../../src/webex/errors.ts';

const refusal = {
  operation: 'calls.dial',
  status: 400,
  webexMessage: 'Destination is invalid',
  trackingId: 'ROUTER_1',
};

describe('ErrorReplies', () => {
  const replies = new ErrorReplies();

  it('offers /auth to someone not authorized', () => {
    const { sentence } = replies.sentenceFor(new NotAuthorizedError('p1'));
    assert.match(sentence, /\/auth/);
    const again = replies.sentenceFor(new ReauthRequiredError('p1'));
    assert.match(again.sentence, /authorize me again/);
  });

  it('says when to come back after a rate limit', () => {
    const error = new WebexRateLimitError({
      ...refusal,
      status: 429,
      retryAfterMs: 150_000,
    });
    assert.equal(
      replies.sentenceFor(error).sentence,
      'Webex is busy, try again in 3 minutes.',
    );
  });

  it("quotes Webex's message, never its status or tracking id", () => {
    const { sentence, known } = replies.sentenceFor(new WebexApiError(refusal));
    assert.equal(sentence, 'Webex refused that: Destination is invalid.');
    assert.equal(known, true);
  });

  it('tells a failure on Webex side from a refusal', () => {
    const { sentence } = replies.sentenceFor(
      new WebexApiError({ ...refusal, status: 503, webexMessage: 'Busy' }),
    );
    assert.equal(
      sentence,
      'Webex is having trouble right now; try again in a few minutes.',
    );
  });

  it('treats a deadline of our own like Webex out of reach', () => {
    const { sentence } = replies.sentenceFor(
      new DOMException(
        'The operation was aborted due to timeout',
        'TimeoutError',
      ),
    );
    assert.equal(sentence, 'I could not reach Webex; try again in a moment.');
  });

  it('asks to retry when the store is unavailable', () => {
    const error = new StoreUnavailableError('redis down: 10.0.0.1');
    const { sentence } = replies.sentenceFor(error);
    assert.match(sentence, /temporarily unavailable, try again in a moment/);
    assert.doesNotMatch(sentence, /10\.0\.0\.1/);
  });

  it('hides an unknown failure behind a logged apology', () => {
    const result = replies.sentenceFor(new Error('secret internals'));
    assert.deepEqual(result, { sentence: UNKNOWN_FAILURE, known: false });
    assert.deepEqual(replies.sentenceFor(new ReplyError('No call.')), {
      sentence: 'No call.',
      known: true,
    });
  });

  it('lets added mappers speak first', () => {
    const custom = new ErrorReplies();
    custom.prepend((error) =>
      error instanceof WebexApiError && error.status === 400
        ? 'That number cannot be dialled.'
        : undefined,
    );
    assert.equal(
      custom.sentenceFor(new WebexApiError(refusal)).sentence,
      'That number cannot be dialled.',
    );
  });
});
