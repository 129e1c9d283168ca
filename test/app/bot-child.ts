/**
 * `serve` in a child process, with bot options the environment cannot
 * set (short journal and token timings) read as JSON from
 * WXC_TEST_BOT_OPTIONS: the same configuration, runBot, calls module
 * and stop-signal handling as the `serve` command.
 */
import { join } from 'node:path';
import { createLogger } from '../../src/app/create-logger.ts';
import { type RunBotOptions, runBot } from '../../src/app/run-bot.ts';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import { loadConfig } from '../../src/config/index.ts';
import { onStopSignal } from '../../src/sandbox/on-stop-signal.ts';

const options = JSON.parse(
  process.env.WXC_TEST_BOT_OPTIONS ?? '{}',
) as RunBotOptions;
const config = loadConfig({ envFile: join(process.cwd(), 'none.env') });
const logger = createLogger(config.logLevel);
const running = await runBot(config, logger, {
  ...options,
  modules: [createCallsModule()],
});
onStopSignal(() => running.close(), { graceMs: 8000 });
