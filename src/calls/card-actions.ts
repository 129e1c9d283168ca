/**
 * The buttons of the call cards. A press is honoured only from the person
 * the card was sent to, and only for the call printed on that card: a
 * submit naming another call (crafted, or copied from someone else's
 * card) is refused and logged.
 */
import type {
  CardActionSpec,
  CommandContext,
} from '../bot/commands/command-spec.ts';
import type { Store } from '../store/store.ts';
import type { WebexSession } from '../webex/index.ts';
import type { Message } from '../webex/messaging-types.ts';
import type { Call } from '../webex/telephony-types.ts';
import { noteIntent, withIntent } from './call-intents.ts';
import { theCall } from './commands/call-command-kit.ts';
import { CardActionError } from './errors.ts';
import { parseDestination } from './parse-destination.ts';
import {
  CALL_CARD_ACTIONS,
  type CallCardAction,
  TRANSFER_INPUT_ID,
} from './render/call-cards.ts';

export const CALL_ENDED = 'That call has already ended.';
export const EMPTY_TRANSFER =
  'Type where to transfer the call, then press Transfer.';
export const NOT_YOUR_CALL =
  'That button is not for one of your calls, so I did nothing.';

type Act = (
  api: WebexSession,
  call: Call,
  inputs: Record<string, unknown>,
  store: Store,
) => Promise<string>;

const ACTS: Record<CallCardAction, Act> = {
  async answer(api, call) {
    await api.calls.answer({ callId: call.id });
    return `Answered ${theCall(call)}.`;
  },
  async decline(api, call, _inputs, store) {
    await withIntent(store, call.id, { did: 'declined' }, () =>
      api.calls.reject({ callId: call.id, action: 'busy' }),
    );
    return `Declined ${theCall(call)}.`;
  },
  async voicemail(api, call, _inputs, store) {
    await withIntent(store, call.id, { did: 'diverted' }, () =>
      api.calls.divert({ callId: call.id, toVoicemail: true }),
    );
    return `Sent ${theCall(call)} to voicemail.`;
  },
  async hold(api, call) {
    await api.calls.hold({ callId: call.id });
    return `Put ${theCall(call)} on hold.`;
  },
  async resume(api, call) {
    await api.calls.resume({ callId: call.id });
    return `Resumed ${theCall(call)}.`;
  },
  async transfer(api, call, inputs, store) {
    const typed = inputs[TRANSFER_INPUT_ID];
    if (typeof typed !== 'string' || typed.trim() === '') {
      throw new CardActionError(EMPTY_TRANSFER);
    }
    const destination = parseDestination(typed);
    const consult = await api.calls.transfer({
      callId1: call.id,
      destination: destination.value,
    });
    if (consult !== null) {
      await noteIntent(store, consult.callId, {
        did: 'transferring',
        call: theCall(call),
      });
    }
    return `Transferring ${theCall(call)} to ${destination.value}: it moves over once they answer, and stays with you until then.`;
  },
  async hangup(api, call, _inputs, store) {
    await withIntent(store, call.id, { did: 'hungUp' }, () =>
      api.calls.hangup({ callId: call.id }),
    );
    return `Hung up ${theCall(call)}.`;
  },
};

export const callCardActions: CardActionSpec[] = CALL_CARD_ACTIONS.map(
  (action) => ({
    action,
    needsAuth: true,
    async run(ctx, inputs) {
      const callId = inputs.callId;
      if (typeof callId !== 'string' || callId === '') {
        throw new CardActionError(
          'That button names no call, so I did nothing.',
        );
      }
      await checkCardOwnership(ctx, callId, action);

      const sentence = await ctx.withToken(async (api) => {
        const calls = await api.calls.list();
        const call = calls.find((c) => c.id === callId);
        if (call === undefined) return CALL_ENDED;
        return ACTS[action](api, call, inputs, ctx.deps.store);
      });
      await ctx.reply(sentence);
    },
  }),
);

/**
 * The card must be the bot's, in a 1:1 space (whose only other member is
 * the person pressing), and carry this very callId.
 */
async function checkCardOwnership(
  ctx: CommandContext,
  callId: string,
  action: string,
): Promise<void> {
  const bot = ctx.deps.webex.withToken(ctx.deps.config.bot.accessToken);
  const message = await bot.messages.get(ctx.source.messageId);
  const ok =
    message.personId === ctx.deps.identity.id &&
    message.roomType !== 'group' &&
    ctx.source.roomType === 'direct' &&
    callIdsOnCard(message).has(callId);
  if (ok) return;

  ctx.logger.warn(
    { actorId: ctx.person.id, callId, action, messageId: ctx.source.messageId },
    'card action refused: the call is not on a card sent to this person',
  );
  throw new CardActionError(NOT_YOUR_CALL);
}

function callIdsOnCard(message: Message): Set<string> {
  const ids = new Set<string>();
  for (const attachment of message.attachments ?? []) {
    const actions = attachment.content.actions;
    if (!Array.isArray(actions)) continue;
    for (const action of actions as { data?: { callId?: unknown } }[]) {
      const id = action?.data?.callId;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}
