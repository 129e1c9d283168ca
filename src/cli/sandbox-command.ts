/**
 * `wxc-callcontrol sandbox`: the Webex emulator, its web console and the
 * bot wired to it, for trying everything without a Webex account.
 */
import { Command, InvalidArgumentError } from 'commander';
import { LOG_LEVELS, type LogLevel } from '../config/index.ts';
import { onStopSignal } from '../sandbox/on-stop-signal.ts';
import { type Sandbox, startSandbox } from '../sandbox/start-sandbox.ts';
import { exitWith, portInUse, portInUseMessage } from './exit-with.ts';

export interface SandboxCommandOptions {
  port: number;
  botPort: number;
  dataDir: string;
  logLevel: LogLevel;
}

export const SANDBOX_DEFAULTS: SandboxCommandOptions = {
  port: 7001,
  botPort: 6001,
  dataDir: './data/sandbox',
  logLevel: 'warn',
};

export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((known) => known === value.toLowerCase());
  if (level === undefined) {
    throw new InvalidArgumentError(`use one of ${LOG_LEVELS.join(', ')}`);
  }
  return level;
}

/**
 * `LOG_LEVEL` from the environment, or `fallback` when unset. Read when a
 * command runs, not when it is defined, so a bad value cannot break
 * `--help` or the other commands; a bad value ends the command (exit 2).
 */
export function logLevelFromEnv(
  value: string | undefined,
  fallback: LogLevel,
): LogLevel {
  if (value === undefined || value.trim() === '') return fallback;
  try {
    return parseLogLevel(value.trim());
  } catch (error) {
    return exitWith(
      `LOG_LEVEL=${value} is not a log level: ${(error as Error).message}`,
    );
  }
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  }
  return port;
}

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description(
      'Run the Webex emulator with its web console and the bot wired to it',
    )
    .option(
      '--port <port>',
      'emulator and console port (0: any free one)',
      parsePort,
      SANDBOX_DEFAULTS.port,
    )
    .option(
      '--bot-port <port>',
      "the bot's port (0: any free one)",
      parsePort,
      SANDBOX_DEFAULTS.botPort,
    )
    .option(
      '--data-dir <dir>',
      "folder of the bot's sandbox store",
      SANDBOX_DEFAULTS.dataDir,
    )
    .option(
      '--log-level <level>',
      `log level of the emulator and the bot (default: LOG_LEVEL, else ${SANDBOX_DEFAULTS.logLevel})`,
      parseLogLevel,
    )
    .action(
      async (
        options: Omit<SandboxCommandOptions, 'logLevel'> & {
          logLevel?: LogLevel;
        },
      ) => {
        await runSandbox({
          ...options,
          logLevel:
            options.logLevel ??
            logLevelFromEnv(process.env.LOG_LEVEL, SANDBOX_DEFAULTS.logLevel),
        });
      },
    );
}

/**
 * Starts the sandbox, prints where to go, and stops on Ctrl-C. A port
 * already taken ends the command with what to pass instead (exit 2).
 */
export async function runSandbox(
  options: SandboxCommandOptions,
): Promise<Sandbox> {
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const port = portInUse(error);
    if (port === null) throw error;
    const flag =
      port === options.port && port !== options.botPort
        ? '--port'
        : '--bot-port';
    return exitWith(portInUseMessage(port, `pass ${flag} <another>`));
  }
  onStopSignal(() => sandbox.close());
  console.log(banner(sandbox));
  return sandbox;
}

function banner(sandbox: Sandbox): string {
  return [
    '',
    '  The wxc-callcontrol sandbox is running: a Webex emulator and the bot.',
    '',
    `  Open ${sandbox.consoleUrl} to chat with the bot as Alice or Bob,`,
    '  ring them from outside and answer on their softphone.',
    '',
    `  Emulator API  ${sandbox.apiUrl}`,
    `  Bot           ${sandbox.botUrl}`,
    `  Bot's store   ${sandbox.dataDir}`,
    '',
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
