/** One page per way an authorization can end, with a fitting status. */
import type { RedirectOutcome } from '../../auth/authorization-service.ts';
import type { Page } from './html-page.ts';

const AGAIN = 'Go back to the chat and send /auth for a new link.';

export function redirectPage(outcome: RedirectOutcome): {
  status: number;
  page: Page;
} {
  switch (outcome.kind) {
    case 'missing-state':
      return {
        status: 400,
        page: {
          title: 'This is not an authorization link',
          paragraphs: [
            'This page only makes sense when Webex sends you back after ' +
              'you authorized the Call Control bot.',
            AGAIN,
          ],
        },
      };
    case 'unknown-state':
      return {
        status: 400,
        page: {
          title: 'This authorization link is not valid',
          paragraphs: [
            'The link is unknown or has already been used: each link works ' +
              'once. Nothing was changed.',
            AGAIN,
          ],
        },
      };
    case 'expired-state':
      return {
        status: 400,
        page: {
          title: 'This authorization link has expired',
          paragraphs: ['Links work for 5 minutes. Nothing was changed.', AGAIN],
        },
      };
    case 'declined':
      if (outcome.keptUntil !== null) {
        return {
          status: 200,
          page: {
            title: 'You declined the new authorization',
            paragraphs: [
              'The authorization you gave before stays in place: the bot ' +
                `can still act for you ${outcome.keptUntil}. You can close ` +
                'this page.',
              'To make the bot stop, send /auth clear in the chat.',
            ],
          },
        };
      }
      return {
        status: 200,
        page: {
          title: 'You declined',
          paragraphs: [
            'The bot will not act for you. You can close this page.',
            'If you change your mind, send /auth in the chat.',
          ],
        },
      };
    case 'consent-error':
      return {
        status: 400,
        page: {
          title: 'Webex ended the authorization with an error',
          paragraphs: [`Webex reported: ${outcome.error}.`, AGAIN],
        },
      };
    case 'exchange-failed':
      return {
        status: 502,
        page: {
          title: 'Webex did not complete the authorization',
          paragraphs: [
            `Webex answered: ${outcome.reason}. No tokens were stored.`,
            AGAIN,
          ],
        },
      };
    case 'wrong-identity':
      return {
        status: 403,
        page: {
          title: 'You signed in as someone else',
          paragraphs: [
            `You signed in as ${outcome.signedInAs}, but this link was ` +
              `made for ${outcome.expectedEmail}. The tokens were discarded.`,
            'To authorize, go back to the chat, send /auth for a new ' +
              `link and sign in there as ${outcome.expectedEmail}.`,
          ],
        },
      };
    case 'authorized':
      return {
        status: 200,
        page: {
          title: 'You are authorized',
          paragraphs: [
            `Thank you, ${outcome.displayName}. The bot can act for you ` +
              `${outcome.until}.`,
            'You can close this page and go back to the chat.',
          ],
        },
      };
  }
}

export const UNAVAILABLE_PAGE: Page = {
  title: 'Temporarily unavailable',
  paragraphs: [
    'The bot could not finish the authorization right now. Nothing was ' +
      'stored.',
    'Try again in a moment: send /auth in the chat for a new link.',
  ],
};
