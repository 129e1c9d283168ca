/**
 * Everything the bot says goes through here: markdown split to Webex's
 * size limit, a card (at most one per message) attached to the last part.
 */
import type { Logger } from 'pino';
import type { WebexClient } from '../../webex/index.ts';
import type { CreateMessageRequest } from '../../webex/types.ts';
import { splitMessage } from './split-message.ts';

/** Markdown, or markdown with an adaptive card's `content`. */
export type ReplyMessage =
  | string
  | { markdown: string; card?: Record<string, unknown> };

export interface Replies {
  /** Into the 1:1 space with the person. */
  toPerson(personId: string, message: ReplyMessage): Promise<void>;
  /** Into a space the bot is a member of. */
  toRoom(roomId: string, message: ReplyMessage): Promise<void>;
}

export interface CreateRepliesOptions {
  webex: WebexClient;
  botToken: string;
  logger: Logger;
}

export function createReplies(options: CreateRepliesOptions): Replies {
  const logger = options.logger.child({ component: 'replies' });

  async function send(
    target: Pick<CreateMessageRequest, 'toPersonId' | 'roomId'>,
    message: ReplyMessage,
  ): Promise<void> {
    const { markdown, card } =
      typeof message === 'string' ? { markdown: message } : message;
    const parts = splitMessage(markdown);
    const api = options.webex.withToken(options.botToken).messages;

    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      await api.create({
        ...target,
        markdown: part,
        ...(last && card !== undefined
          ? {
              attachments: [
                {
                  contentType: 'application/vnd.microsoft.card.adaptive',
                  content: card,
                },
              ],
            }
          : {}),
      });
    }
    logger.debug({ ...target, parts: parts.length }, 'reply sent');
  }

  return {
    toPerson: (personId, message) => send({ toPersonId: personId }, message),
    toRoom: (roomId, message) => send({ roomId }, message),
  };
}
