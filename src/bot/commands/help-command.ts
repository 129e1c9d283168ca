/** `/help`: every registered command with its one-line summary. */
import { codeSpan } from '../replies/code-span.ts';
import type { CommandRegistry } from './command-registry.ts';
import type { CommandSpec } from './command-spec.ts';

export function helpCommand(registry: CommandRegistry): CommandSpec {
  return {
    name: 'help',
    aliases: ['commands'],
    usage: '/help',
    summary: 'List what I can do.',
    async run(ctx) {
      await ctx.reply(helpText(registry));
    },
  };
}

export function helpText(registry: CommandRegistry): string {
  const lines = registry
    .list()
    .map((spec) => `- ${codeSpan(spec.usage)}: ${spec.summary}`);
  return ['Here is what I can do:', '', ...lines].join('\n');
}
