/**
 * Commands that send a call somewhere else: divert (also a ringing
 * call, also to voicemail), transfer (mute, or attended with two calls)
 * and park.
 */
import type { CommandSpec } from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import { noteIntent, withIntent } from '../call-intents.ts';
import { CallSelectionError, CallsError } from '../errors.ts';
import { parseDestination } from '../parse-destination.ts';
import { describeParty } from '../render/describe-party.ts';
import { isInProgress, orderCalls } from '../select-call.ts';
import {
  chooseCall,
  noMoreArgs,
  splitCallIndex,
  theCall,
} from './call-command-kit.ts';

const divertCommand: CommandSpec = {
  name: 'divert',
  usage: '/divert <destination>|voicemail [n]',
  summary: 'Send a call, ringing or not, to another number or to voicemail.',
  needsAuth: true,
  async run(ctx, args) {
    const { index, rest } = splitCallIndex(args, false);
    const [target, ...extra] = rest;
    if (target === undefined) {
      throw new CommandUsageError('Say where to send the call.');
    }
    noMoreArgs(extra, 'divert', '/divert 1002 2');
    const toVoicemail = /^(voicemail|vm)$/i.test(target);
    const destination = toVoicemail ? undefined : parseDestination(target);

    const sentence = await ctx.withToken(async (api) => {
      const call = await chooseCall(ctx, api, index, {
        fits: (c) =>
          c.state !== 'disconnected' && c.personality !== 'clickToDial',
        verb: 'divert',
        command: `divert ${target}`,
        noneMessage: 'You have no call to divert.',
      });
      await withIntent(ctx.deps.store, call.id, { did: 'diverted' }, () =>
        api.calls.divert(
          destination === undefined
            ? { callId: call.id, toVoicemail: true }
            : { callId: call.id, destination: destination.value },
        ),
      );
      const where = destination === undefined ? 'voicemail' : destination.value;
      return `Sent ${theCall(call)} to ${where}.`;
    });
    await ctx.reply(sentence);
  },
};

const transferCommand: CommandSpec = {
  name: 'transfer',
  usage: '/transfer <destination> [n], or /transfer with two calls',
  summary: 'Transfer a call to a destination, or join your two calls together.',
  needsAuth: true,
  async run(ctx, args) {
    const { index, rest } = splitCallIndex(args, false);
    const [target, ...extra] = rest;
    noMoreArgs(extra, 'transfer', '/transfer 1002 2');
    const destination =
      target === undefined ? undefined : parseDestination(target);

    const sentence = await ctx.withToken(async (api) => {
      if (destination === undefined) {
        // Attended transfer: the two calls are joined and the person leaves.
        const calls = orderCalls(await api.calls.list()).filter(isInProgress);
        const [first, second] = calls;
        if (calls.length !== 2 || first === undefined || second === undefined) {
          throw new CallSelectionError(
            'Say where to transfer the call (`/transfer <destination>`), or have exactly two calls in progress to join them.',
          );
        }
        await api.calls.transfer({ callId1: first.id, callId2: second.id });
        return `Transferred: ${describeParty(first.remoteParty)} and ${describeParty(second.remoteParty)} are now talking.`;
      }

      const call = await chooseCall(ctx, api, index, {
        fits: (c) =>
          c.state !== 'disconnected' && c.personality !== 'clickToDial',
        verb: 'transfer',
        command: `transfer ${target}`,
        noneMessage: 'You have no call to transfer.',
      });
      if (call.state === 'alerting' && call.answered === undefined) {
        throw new CallsError(
          `${capitalize(theCall(call))} was never answered, so it cannot be transferred: use \`/divert ${destination.value}\` instead.`,
        );
      }
      const consult = await api.calls.transfer({
        callId1: call.id,
        destination: destination.value,
      });
      // The consult call rings for a while: its end says how it went.
      if (consult !== null) {
        await noteIntent(ctx.deps.store, consult.callId, {
          did: 'transferring',
          call: theCall(call),
        });
      }
      return `Transferring ${theCall(call)} to ${destination.value}: it moves over once they answer, and stays with you until then.`;
    });
    await ctx.reply(sentence);
  },
};

const parkCommand: CommandSpec = {
  name: 'park',
  usage: '/park [destination] [n], or /park #n',
  summary:
    'Park a call, on your own line or against a destination; a lone argument is the destination, so pick a call alone as #n.',
  needsAuth: true,
  async run(ctx, args) {
    // `/park 2` parks at extension 2: a lone bare number is always the
    // destination, and `#2` or `[2]` names call 2.
    const { index, rest } = splitCallIndex(args, false);
    const [target, ...extra] = rest;
    noMoreArgs(extra, 'park', '/park 1002 2');
    const destination =
      target === undefined ? undefined : parseDestination(target);

    const sentence = await ctx.withToken(async (api) => {
      const call = await chooseCall(ctx, api, index, {
        fits: isInProgress,
        verb: 'park',
        command: target === undefined ? 'park' : `park ${target}`,
        noneMessage: 'You have no call in progress to park.',
      });
      const parked = await withIntent(
        ctx.deps.store,
        call.id,
        { did: 'parked' },
        () =>
          api.calls.park(
            destination === undefined
              ? { callId: call.id }
              : { callId: call.id, destination: destination.value },
          ),
      );
      const at = parked.parkedAgainst;
      const where = at.number ?? describeParty(at);
      return `Parked ${theCall(call)} at ${describeParty(at)}. Get it back with /retrieve ${where}.`;
    });
    await ctx.reply(sentence);
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const redirectCommands: CommandSpec[] = [
  divertCommand,
  transferCommand,
  parkCommand,
];
