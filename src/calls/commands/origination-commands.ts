/**
 * Commands that start a call from the person's phone: dial, retrieve a
 * parked call, pick up a colleague's ringing call, barge in, pull a call
 * to another device.
 */
import type { CommandSpec } from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import { withTakeover } from '../call-intents.ts';
import { parseDestination } from '../parse-destination.ts';
import { noMoreArgs } from './call-command-kit.ts';

/** Reads the one destination argument a command requires. */
function oneDestination(
  args: readonly string[],
  what: string,
  command: string,
): string {
  const [first, ...extra] = args;
  if (first === undefined) throw new CommandUsageError(`Say ${what}.`);
  // Quoting is optional for numbers typed with spaces: "+1 555 0100".
  const spaced = extra.every((word) => /^[\d()+\-.]+$/.test(word));
  if (!spaced) noMoreArgs(extra, command);
  const text = spaced ? [first, ...extra].join(' ') : first;
  return parseDestination(text).value;
}

const dialCommand: CommandSpec = {
  name: 'dial',
  aliases: ['call'],
  usage: '/dial <number, extension, tel: or sip: URI, or email>',
  summary: 'Call someone: your phone rings first, then the call goes out.',
  needsAuth: true,
  async run(ctx, args) {
    const destination = oneDestination(args, 'whom to call', 'dial');
    await ctx.withToken((api) => api.calls.dial({ destination }));
    await ctx.reply(
      `Calling ${destination}: pick up your phone when it rings.`,
    );
  },
};

const retrieveCommand: CommandSpec = {
  name: 'retrieve',
  usage: '/retrieve <destination>',
  summary: 'Take back a call parked at a number or extension.',
  needsAuth: true,
  async run(ctx, args) {
    const destination = oneDestination(
      args,
      'where the call is parked',
      'retrieve',
    );
    await ctx.withToken((api) =>
      withTakeover(ctx.deps.store, ctx.person.id, 'retrieve', () =>
        api.calls.retrieve({ destination }),
      ),
    );
    await ctx.reply(`Retrieving the call parked at ${destination}.`);
  },
};

const pickupCommand: CommandSpec = {
  name: 'pickup',
  usage: '/pickup [target]',
  summary: "Answer a colleague's ringing call (your pickup group by default).",
  needsAuth: true,
  async run(ctx, args) {
    const target =
      args.length === 0
        ? undefined
        : oneDestination(args, 'whose call', 'pickup');
    await ctx.withToken((api) =>
      withTakeover(ctx.deps.store, ctx.person.id, 'pickup', () =>
        api.calls.pickup(target === undefined ? {} : { target }),
      ),
    );
    await ctx.reply(
      target === undefined
        ? 'Picking up the call ringing in your pickup group.'
        : `Picking up the call ringing at ${target}.`,
    );
  },
};

const bargeInCommand: CommandSpec = {
  name: 'bargein',
  aliases: ['barge'],
  usage: '/bargein <target>',
  summary: "Join a colleague's call in progress.",
  needsAuth: true,
  async run(ctx, args) {
    const target = oneDestination(args, 'whose call to join', 'bargein');
    await ctx.withToken((api) =>
      withTakeover(ctx.deps.store, ctx.person.id, 'bargeIn', () =>
        api.calls.bargeIn({ target }),
      ),
    );
    await ctx.reply(`Joining the call of ${target}.`);
  },
};

const pullCommand: CommandSpec = {
  name: 'pull',
  usage: '/pull',
  summary: 'Move your call in progress to your preferred device.',
  needsAuth: true,
  async run(ctx, args) {
    noMoreArgs(args, 'pull');
    await ctx.withToken((api) =>
      withTakeover(ctx.deps.store, ctx.person.id, 'pull', () =>
        api.calls.pull({}),
      ),
    );
    await ctx.reply('Pulling your call to your preferred device.');
  },
};

export const originationCommands: CommandSpec[] = [
  dialCommand,
  retrieveCommand,
  pickupCommand,
  bargeInCommand,
  pullCommand,
];
