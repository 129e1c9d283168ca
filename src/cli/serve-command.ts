/**
 * `wxc-callcontrol serve`: the bot against real Webex, configured from
 * the environment (and `.env`). A configuration that cannot work ends
 * with the list of what to fix and exit code 2, no stack trace.
 */
import { Command, Option } from 'commander';
import { createLogger } from '../app/create-logger.ts';
import { runBot } from '../app/run-bot.ts';
import { createCallsModule } from '../calls/calls-module.ts';
import { type Config, ConfigError, loadConfig } from '../config/index.ts';
import { onStopSignal } from '../sandbox/on-stop-signal.ts';
import { StoreConfigError } from '../store/errors.ts';
import { openTunnel, type Tunnel, TunnelError } from '../tunnel/open-tunnel.ts';
import {
  WebexApiError,
  WebexNetworkError,
  WebexTimeoutError,
} from '../webex/index.ts';
import { dotenvOption, warnIfDotenvMissing } from './dotenv-option.ts';
import { exitWith, portInUse, portInUseMessage } from './exit-with.ts';

export function serveCommand(): Command {
  return (
    new Command('serve')
      .description('Run the bot against Webex (configured by environment)')
      .addOption(dotenvOption())
      // For another command passing its arguments on (Node 20 claims
      // --env-file when typed); it has checked the file already.
      .addOption(new Option('--env-file <path>').hideHelp())
      .action(
        async (
          options: { dotenv: string; envFile?: string },
          command: Command,
        ) => {
          warnIfDotenvMissing(command, options.dotenv);
          await serve(options.envFile ?? options.dotenv);
        },
      )
  );
}

async function serve(envFile: string): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({ envFile });
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }

  const logger = createLogger(config.logLevel);
  let tunnel: Tunnel | undefined;
  try {
    if (config.publicUrl === null && config.ngrokAuthtoken !== null) {
      tunnel = await openTunnel({
        authtoken: config.ngrokAuthtoken,
        port: config.port,
        logger,
      });
      config = { ...config, publicUrl: tunnel.url };
    }
    const running = await runBot(config, logger, {
      modules: [createCallsModule()],
    });
    onStopSignal(
      async () => {
        await running.close();
        await tunnel?.close();
      },
      { graceMs: 8000 },
    );
  } catch (error) {
    await tunnel?.close();
    if (error instanceof StoreConfigError || error instanceof TunnelError) {
      exitWith(error.message);
    }
    const port = portInUse(error);
    if (port !== null) exitWith(portInUseMessage(port, 'set PORT'));
    const webex = startupWebexProblem(error, config.webexApiUrl);
    if (webex !== undefined) exitWith(webex);
    logger.fatal({ err: error }, 'The bot could not start');
    process.exit(1);
  }
}

/**
 * At start the bot reads its own identity with its token: a failure there
 * is a configuration the operator can fix, told in one line.
 */
function startupWebexProblem(
  error: unknown,
  webexApiUrl: string,
): string | undefined {
  if (
    error instanceof WebexNetworkError ||
    error instanceof WebexTimeoutError
  ) {
    return (
      `Could not reach Webex at ${webexApiUrl}: check the network and ` +
      'WEBEX_API_URL.'
    );
  }
  if (error instanceof WebexApiError && error.status === 401) {
    return (
      'Webex refused the bot token: check WXC_CC_BOT_ACCESS_TOKEN (a bot ' +
      "token from developer.webex.com, My Webex Apps, the bot's page)."
    );
  }
  return undefined;
}
