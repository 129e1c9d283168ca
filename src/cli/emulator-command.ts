/**
 * `wxc-callcontrol emulator`: runs the Webex cloud emulator on its own and
 * prints the sandbox credentials it seeded (it is a local sandbox).
 */
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { createEmulator } from '../emulator/create-emulator.ts';
import { defaultSeed, loadSeedFile, type SeedData } from '../emulator/seed.ts';
import { exitWith, portInUse, portInUseMessage } from './exit-with.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  }
  return port;
}

export function emulatorCommand(): Command {
  return new Command('emulator')
    .description('Run the Webex cloud emulator (the sandbox) on its own')
    .option('--port <port>', 'port to listen on', parsePort, 7001)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON seed file: people and integrations')
    .action(async (options: { port: number; host: string; seed?: string }) => {
      const logger = pino({ name: 'emulator' });
      const seed: SeedData = options.seed
        ? await readSeed(options.seed)
        : defaultSeed();
      const emulator = await createEmulator({
        port: options.port,
        host: options.host,
        seed,
        logger,
      }).catch((error: unknown) => {
        const port = portInUse(error);
        if (port === null) throw error;
        return exitWith(portInUseMessage(port, 'pass --port <another>'));
      });
      await logSandboxCredentials(logger, emulator.url);

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'emulator stopping');
        await emulator.close();
        logger.info('emulator stopped');
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

/**
 * The seed file's people and integrations. A file that is missing,
 * unreadable, not JSON or not a valid seed ends the command with one
 * line saying so (exit 2).
 */
async function readSeed(path: string): Promise<SeedData> {
  try {
    return await loadSeedFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return exitWith(
        `Seed file ${path} does not exist: check the path given to --seed`,
      );
    }
    if (code !== undefined) {
      return exitWith(
        `Seed file ${path} cannot be read (${code}): pass a readable JSON file to --seed`,
      );
    }
    return exitWith((error as Error).message);
  }
}

/** One line per sandbox identity: these are local, throwaway credentials. */
async function logSandboxCredentials(
  logger: pino.Logger,
  url: string,
): Promise<void> {
  const response = await fetch(`${url}/_sandbox/state`);
  const state = (await response.json()) as {
    people: {
      displayName: string;
      email: string;
      type: string;
      extension: string | null;
      accessToken: string | null;
    }[];
    integrations: {
      name: string;
      clientId: string;
      clientSecret: string;
      redirectUris: string[];
      scopes: string[];
    }[];
  };
  logger.info({ url, apiUrl: `${url}/v1` }, 'Webex sandbox ready');
  for (const person of state.people) {
    logger.info(
      {
        sandboxPerson: person.email,
        type: person.type,
        extension: person.extension,
        accessToken: person.accessToken,
      },
      `sandbox ${person.type} ${person.displayName}`,
    );
  }
  for (const integration of state.integrations) {
    logger.info(
      {
        clientId: integration.clientId,
        clientSecret: integration.clientSecret,
        redirectUris: integration.redirectUris,
        scopes: integration.scopes.join(' '),
      },
      `sandbox integration ${integration.name}`,
    );
  }
}
