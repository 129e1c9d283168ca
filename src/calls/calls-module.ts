/**
 * Call control as one bot module: the call commands and card buttons,
 * the telephony webhook route, and call monitoring kept in order (at
 * start for every monitored person, then on a schedule).
 */
import type { BotDeps, BotModule } from '../app/bot-module.ts';
import type { CommandSpec } from '../bot/commands/command-spec.ts';
import { callCardActions } from './card-actions.ts';
import { callActionCommands } from './commands/call-action-commands.ts';
import { infoCommands } from './commands/info-commands.ts';
import { monitorCommand } from './commands/monitor-command.ts';
import { originationCommands } from './commands/origination-commands.ts';
import { redirectCommands } from './commands/redirect-commands.ts';
import { CallMonitoring } from './monitoring/call-monitoring.ts';
import { reconcileAll } from './monitoring/reconcile-all.ts';
import { CallEventRelay } from './relay/call-event-relay.ts';
import { registerCallEventsRoute } from './relay/call-events-route.ts';
import { telephonyErrorSentence } from './telephony-error-sentence.ts';

export interface CallsModuleOptions {
  /** How often every monitor is reconciled; 0 turns the schedule off. */
  reconcileIntervalMs?: number;
}

export const DEFAULT_RECONCILE_INTERVAL_MS = 15 * 60 * 1000;

/** The order `/help` lists the call commands in: as a call goes. */
export const CALL_COMMAND_ORDER: readonly string[] = [
  'dial',
  'answer',
  'reject',
  'hangup',
  'hold',
  'resume',
  'mute',
  'unmute',
  'divert',
  'transfer',
  'park',
  'retrieve',
  'pickup',
  'bargein',
  'push',
  'pull',
  'record',
  'dtmf',
  'calls',
  'history',
  'monitor',
];

/** `commands` in CALL_COMMAND_ORDER; any other after them, as given. */
function inReadingOrder(commands: readonly CommandSpec[]): CommandSpec[] {
  const rank = (spec: CommandSpec) => {
    const at = CALL_COMMAND_ORDER.indexOf(spec.name);
    return at === -1 ? CALL_COMMAND_ORDER.length : at;
  };
  return [...commands].sort((a, b) => rank(a) - rank(b));
}

export function createCallsModule(options: CallsModuleOptions = {}): BotModule {
  const intervalMs =
    options.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
  let deps: BotDeps | undefined;
  let monitoring: CallMonitoring | undefined;
  let relay: CallEventRelay | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** The public URL is only known once the bot listens: bind late. */
  function bind(botDeps: BotDeps): void {
    if (deps === botDeps) return;
    deps = botDeps;
    monitoring = new CallMonitoring({
      store: botDeps.store,
      clientId: botDeps.config.integration.clientId,
      publicUrl: botDeps.publicUrl(),
      logger: botDeps.logger,
      now: botDeps.now,
    });
  }

  const getMonitoring = (botDeps: BotDeps): CallMonitoring => {
    bind(botDeps);
    return monitoring as CallMonitoring;
  };
  const getRelay = (): CallEventRelay => {
    if (relay === undefined) throw new Error('calls module not started');
    return relay;
  };

  return {
    name: 'calls',
    commands: inReadingOrder([
      ...callActionCommands,
      ...redirectCommands,
      ...originationCommands,
      ...infoCommands,
      monitorCommand(getMonitoring),
    ]),
    cardActions: callCardActions,
    errorMappers: [telephonyErrorSentence],

    registerRoutes(app, botDeps) {
      relay = new CallEventRelay({
        store: botDeps.store,
        replies: botDeps.replies,
        logger: botDeps.logger,
      });
      registerCallEventsRoute(app, botDeps, getRelay);
    },

    async start(botDeps) {
      relay ??= new CallEventRelay({
        store: botDeps.store,
        replies: botDeps.replies,
        logger: botDeps.logger,
      });
      const run = async () => {
        await reconcileAll(botDeps, getMonitoring(botDeps));
      };
      await run();
      if (intervalMs > 0) {
        timer = setInterval(() => {
          botDeps.inFlight.run('call monitor reconciliation', run);
        }, intervalMs);
        timer.unref();
      }
    },

    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },

    async onSessionCleared(personId) {
      // The core removed the person's integration webhooks with the
      // session; only the monitor (hook path and secret) is left to drop.
      await deps?.store.deleteMonitor(personId);
    },
  };
}
