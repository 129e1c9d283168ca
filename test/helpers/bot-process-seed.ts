/**
 * The emulator seed for tests that run the bot as its own process: the
 * default seed, with its integration accepting the redirect the bot
 * announces, and the environment that makes the process that seed's bot
 * acting through that integration.
 */
import { defaultSeed, type SeedData } from '../../src/emulator/seed.ts';

export interface BotProcessSeed {
  /** The seed to create the emulator with. */
  seed: SeedData;
  /** The bot's own access token. */
  botToken: string;
  /** `PATH`, the integration, the bot and the public and redirect URLs. */
  env: Record<string, string>;
}

/** The seed and environment for a bot process reached at `publicUrl`. */
export function botProcessSeed(publicUrl: string): BotProcessSeed {
  const seed = defaultSeed();
  const integration = seed.integrations?.[0];
  const bot = seed.people.find((person) => person.type === 'bot');
  if (integration === undefined || bot?.accessToken === undefined) {
    throw new Error('The default seed lacks an integration or a bot');
  }
  const redirectUrl = `${publicUrl}/redirect`;
  integration.redirectUris = [redirectUrl];

  return {
    seed,
    botToken: bot.accessToken,
    env: {
      PATH: process.env.PATH ?? '',
      WXC_CC_INTEGRATION_CLIENT_ID: integration.clientId,
      WXC_CC_INTEGRATION_CLIENT_SECRET: integration.clientSecret,
      WXC_CC_BOT_EMAIL: bot.email,
      WXC_CC_BOT_ACCESS_TOKEN: bot.accessToken,
      PUBLIC_URL: publicUrl,
      WXC_CC_REDIRECT_URL: redirectUrl,
    },
  };
}
