/**
 * The adaptive cards of a call: one to answer an incoming call, one to
 * steer a connected call. Each button is an Action.Submit whose data is
 * `{ action, callId }`; Webex hands that back, merged with the inputs,
 * as the attachment action's `inputs`.
 *
 * TODO: a card keeps its buttons after its call was answered or ended (a
 * press then says the call has ended, or acts on the call still there).
 * Webex refuses to edit a message with attachments (400), so the way out
 * is to delete the bot's own card when its call ends; that needs the
 * card's message id, which the replies do not return yet.
 */
import type { CardAttachment } from '../../webex/messaging-types.ts';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** What a card button asks for; `callId` names the call it acts on. */
export type CallCardAction =
  | 'answer'
  | 'decline'
  | 'voicemail'
  | 'hold'
  | 'resume'
  | 'transfer'
  | 'hangup';

export const CALL_CARD_ACTIONS: readonly CallCardAction[] = [
  'answer',
  'decline',
  'voicemail',
  'hold',
  'resume',
  'transfer',
  'hangup',
];

/** The Input.Text id that carries a transfer destination. */
export const TRANSFER_INPUT_ID = 'destination';

/** A card for a ringing call: Answer, Decline, Send to voicemail. */
export function incomingCallCard(
  callId: string,
  headline: string,
  detail?: string,
): CardAttachment {
  return card(textBlocks(headline, detail), [
    submit('Answer', 'answer', callId, 'positive'),
    submit('Decline', 'decline', callId, 'destructive'),
    submit('Send to voicemail', 'voicemail', callId),
  ]);
}

/**
 * A card for a call in progress: Hold or Resume (whichever applies),
 * Transfer to the number typed in, Hang up.
 */
export function connectedCallCard(
  callId: string,
  headline: string,
  onHold: boolean,
): CardAttachment {
  const body = [
    ...textBlocks(headline),
    {
      type: 'Input.Text',
      id: TRANSFER_INPUT_ID,
      placeholder: 'Transfer to: number, extension or email',
      maxLength: 256,
    },
  ];
  return card(body, [
    onHold
      ? submit('Resume', 'resume', callId, 'positive')
      : submit('Hold', 'hold', callId),
    submit('Transfer', 'transfer', callId),
    submit('Hang up', 'hangup', callId, 'destructive'),
  ]);
}

function card(
  body: Record<string, unknown>[],
  actions: Record<string, unknown>[],
): CardAttachment {
  return {
    contentType: CARD_CONTENT_TYPE,
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.3',
      body,
      actions,
    },
  };
}

function textBlocks(
  headline: string,
  detail?: string,
): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [
    { type: 'TextBlock', text: headline, weight: 'Bolder', wrap: true },
  ];
  if (detail !== undefined) {
    blocks.push({
      type: 'TextBlock',
      text: detail,
      wrap: true,
      spacing: 'None',
    });
  }
  return blocks;
}

function submit(
  title: string,
  action: CallCardAction,
  callId: string,
  style?: 'positive' | 'destructive',
): Record<string, unknown> {
  return {
    type: 'Action.Submit',
    title,
    ...(style === undefined ? {} : { style }),
    data: { action, callId },
  };
}
