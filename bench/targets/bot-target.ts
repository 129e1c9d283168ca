/**
 * The bot under test in a process of its own, as `serve` runs it: the
 * calls module, the store named by STORE_URL, the Webex emulator at
 * WEBEX_API_URL, a silent logger. Configured by environment variables
 * (see bot-process.ts). Prints `{"url":...}` once it is up; stops on
 * SIGTERM.
 */
import pino from 'pino';
import { runBot } from '../../src/app/run-bot.ts';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import { parseConfig } from '../../src/config/parse-config.ts';

const config = parseConfig(process.env);
const running = await runBot(config, pino({ level: 'silent' }), {
  host: '127.0.0.1',
  modules: [createCallsModule({ reconcileIntervalMs: 0 })],
});
console.log(JSON.stringify({ url: running.url }));

process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
