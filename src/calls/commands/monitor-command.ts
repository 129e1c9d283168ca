/** `/monitor on|off|status`: whether call events come into the chat. */
import type { BotDeps } from '../../app/bot-module.ts';
import type { CommandSpec } from '../../bot/commands/command-spec.ts';
import { CommandUsageError } from '../../bot/commands/error-replies.ts';
import type { CallMonitoring } from '../monitoring/call-monitoring.ts';

export function monitorCommand(
  monitoringFor: (deps: BotDeps) => CallMonitoring,
): CommandSpec {
  return {
    name: 'monitor',
    usage: '/monitor on|off|status',
    summary: 'Get your call events here as they happen, or stop them.',
    needsAuth: true,
    async run(ctx, args) {
      const [mode = 'status', ...extra] = args.map((a) => a.toLowerCase());
      if (extra.length > 0 || !['on', 'off', 'status'].includes(mode)) {
        throw new CommandUsageError('Say on, off or status.');
      }
      const personId = ctx.person.id;
      const monitoring = () => monitoringFor(ctx.deps);

      if (mode === 'on') {
        const result = await ctx.withToken((api) =>
          monitoring().enable(personId, api.webhooks),
        );
        await ctx.reply(
          result.created
            ? 'Call monitoring is on: your call events will show up here.'
            : 'Call monitoring is on, and its webhook is in good order.',
        );
        return;
      }

      if (mode === 'off') {
        const monitor = await ctx.deps.store.getMonitor(personId);
        const removed = await ctx.withToken((api) =>
          monitoring().disable(personId, api.webhooks),
        );
        await ctx.reply(
          monitor === undefined && removed === 0
            ? 'Call monitoring was already off.'
            : 'Call monitoring is off: no more call events here.',
        );
        return;
      }

      const monitor = await ctx.deps.store.getMonitor(personId);
      if (monitor === undefined) {
        await ctx.reply(
          'Call monitoring is off; send /monitor on to start it.',
        );
        return;
      }
      // Checking is also repairing: a stale or inactive webhook is fixed.
      const result = await ctx.withToken((api) =>
        monitoring().reconcile(monitor, api.webhooks),
      );
      const repaired = result.created || result.updated || result.removed > 0;
      await ctx.reply(
        repaired
          ? 'Call monitoring is on; its webhook needed repair and is fixed now.'
          : 'Call monitoring is on and working.',
      );
    },
  };
}
