/** `/calls` and `/history`: what is going on and what went on. */
import type { CommandSpec } from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import type { CallHistoryRecord } from '../../webex/telephony-types.ts';
import { formatCallList } from '../format-calls.ts';
import { formatHistory } from '../format-history.ts';
import { noMoreArgs } from './call-command-kit.ts';

const DEFAULT_HISTORY = 10;
/** Webex keeps 20 records per type. */
const MAX_HISTORY = 60;
const TYPES = new Set<CallHistoryRecord['type']>([
  'placed',
  'missed',
  'received',
]);

const callsCommand: CommandSpec = {
  name: 'calls',
  usage: '/calls',
  summary: 'List your active calls, numbered for the other commands.',
  needsAuth: true,
  async run(ctx, args) {
    noMoreArgs(args, 'calls');
    const calls = await ctx.withToken((api) => api.calls.list());
    await ctx.reply(formatCallList(calls, ctx.deps.now()));
  },
};

const historyCommand: CommandSpec = {
  name: 'history',
  usage: '/history [placed|missed|received] [count]',
  summary: 'Show your recent calls, newest first.',
  needsAuth: true,
  async run(ctx, args) {
    let type: CallHistoryRecord['type'] | undefined;
    let limit = DEFAULT_HISTORY;
    for (const word of args) {
      const lower = word.toLowerCase() as CallHistoryRecord['type'];
      if (TYPES.has(lower) && type === undefined) type = lower;
      else if (/^\d+$/.test(word)) {
        limit = Number(word);
        if (limit < 1 || limit > MAX_HISTORY) {
          throw new CommandUsageError(
            `Give a count from 1 to ${MAX_HISTORY}: “${word}” is out of range.`,
          );
        }
      } else {
        throw new CommandUsageError(`I did not understand “${word}”.`);
      }
    }

    const { records, timeZone } = await ctx.withToken(async (api) => {
      const [found, me] = await Promise.all([
        api.calls.history(type === undefined ? {} : { type }),
        api.people.me().catch(() => undefined),
      ]);
      return { records: found, timeZone: me?.timezone };
    });
    const lines = formatHistory(records, { timeZone, limit, type });
    const title =
      type === undefined ? 'Your recent calls' : `Your ${type} calls`;
    await ctx.reply(
      records.length === 0
        ? (lines[0] ?? '')
        : [`${title}:`, ...lines].join('\n'),
    );
  },
};

export const infoCommands: CommandSpec[] = [callsCommand, historyCommand];
