/**
 * The two Webex look-ups behind `/readyz`: the bot's own webhooks (one
 * list with the bot's token) and people's call webhooks (one look-up per
 * monitored person, which is why `Readiness` caches it for a minute).
 */
import type { BotDeps } from '../app/bot-module.ts';
import { WebexApiError } from '../webex/errors.ts';
import type { CheckResult } from './readiness.ts';

/** Every expected target must have an active webhook of the bot's. */
export async function checkBotWebhooks(
  deps: BotDeps,
  targetPaths: readonly string[],
): Promise<CheckResult> {
  const hooks = await deps.webex
    .withToken(deps.config.bot.accessToken)
    .webhooks.list({ max: 100 });
  const base = deps.publicUrl();
  const problems: string[] = [];
  for (const path of targetPaths) {
    const hook = hooks.find((candidate) => candidate.targetUrl === base + path);
    if (hook === undefined) problems.push(`${path}: missing`);
    else if (hook.status === 'inactive') problems.push(`${path}: inactive`);
  }
  return problems.length === 0
    ? { ok: true }
    : { ok: false, detail: problems.join('; ') };
}

/** The email (or id) of each person whose call webhook is off or gone. */
export async function findInactiveMonitors(deps: BotDeps): Promise<string[]> {
  const inactive: string[] = [];
  for (const monitor of await deps.store.listMonitors()) {
    const { webhookId, personId } = monitor;
    if (webhookId === null) continue;
    let active: boolean;
    try {
      const hook = await deps.tokens.withToken(personId, (api) =>
        api.webhooks.get(webhookId),
      );
      active = hook.status !== 'inactive';
    } catch (error) {
      // Gone from Webex: as broken as inactive. Anything else (no session,
      // a network error) says nothing about the webhook itself.
      if (!(error instanceof WebexApiError) || error.status !== 404) continue;
      active = false;
    }
    if (!active) {
      const session = await deps.store.getSession(personId).catch(() => {
        return undefined;
      });
      inactive.push(session?.email || personId);
    }
  }
  return inactive;
}
