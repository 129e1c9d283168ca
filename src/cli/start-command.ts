/**
 * `wxc-callcontrol start` (what `npm start` runs): the bot against Webex
 * when Webex credentials are configured, else the sandbox, so a fresh
 * clone does something useful with no set-up.
 */
import { Command } from 'commander';
import { hasWebexCredentials, readEnv } from '../config/index.ts';
import { dotenvOption, warnIfDotenvMissing } from './dotenv-option.ts';
import {
  logLevelFromEnv,
  parsePort,
  runSandbox,
  SANDBOX_DEFAULTS,
} from './sandbox-command.ts';
import { serveCommand } from './serve-command.ts';

interface StartOptions {
  dotenv: string;
  port: number;
  botPort: number;
}

export function startCommand(): Command {
  return new Command('start')
    .description(
      'Run the bot against Webex if credentials are set, else the sandbox',
    )
    .addOption(dotenvOption())
    .option(
      '--port <port>',
      'sandbox only: emulator and console port',
      parsePort,
      SANDBOX_DEFAULTS.port,
    )
    .option(
      '--bot-port <port>',
      "sandbox only: the bot's port",
      parsePort,
      SANDBOX_DEFAULTS.botPort,
    )
    .action(async (options: StartOptions, command: Command) => {
      warnIfDotenvMissing(command, options.dotenv);
      const env = readEnv({ envFile: options.dotenv });
      if (hasWebexCredentials(env)) {
        console.log('Webex credentials found: running the bot against Webex.');
        await serveCommand().parseAsync(['--env-file', options.dotenv], {
          from: 'user',
        });
        return;
      }

      console.log(
        'No Webex credentials (WXC_CC_INTEGRATION_CLIENT_ID and ' +
          'WXC_CC_BOT_ACCESS_TOKEN): starting the sandbox instead.',
      );
      await runSandbox({
        ...SANDBOX_DEFAULTS,
        port: options.port,
        botPort: options.botPort,
        logLevel: logLevelFromEnv(env.LOG_LEVEL, SANDBOX_DEFAULTS.logLevel),
      });
    });
}
