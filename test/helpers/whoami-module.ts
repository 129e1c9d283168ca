/**
 * A one-command bot module for tests of the core: `/whoami` acts with the
 * person's token (GET /people/me) and answers with the name Webex gives.
 */
import type { BotModule } from '../../src/app/bot-module.ts';

export const whoamiModule: BotModule = {
  name: 'whoami',
  commands: [
    {
      name: 'whoami',
      usage: '/whoami',
      summary: 'Say who Webex thinks you are.',
      needsAuth: true,
      async run(ctx) {
        const me = await ctx.withToken((api) => api.people.me());
        await ctx.reply(`Webex says you are ${me.displayName}.`);
      },
    },
  ],
};
