/** The bot half of the sandbox: the real bot with the call-control module. */
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';

export interface SandboxBot {
  close(): Promise<void>;
}

// TODO: start the bot through the serve command's run function once it
// exists; until then the sandbox runs the emulator alone.
export async function startSandboxBot(
  _config: Config,
  logger: Logger,
): Promise<SandboxBot> {
  logger.warn('the bot is not wired into the sandbox yet');
  return { close: async () => {} };
}
