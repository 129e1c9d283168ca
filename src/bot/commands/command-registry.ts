/**
 * Every command the bot knows, by name and alias, in registration order
 * (which is the order /help lists them in).
 */
import type { CardActionSpec, CommandSpec } from './command-spec.ts';

const NAME = /^[a-z][a-z0-9-]*$/;

export class CommandRegistry {
  readonly #commands: CommandSpec[] = [];
  readonly #byName = new Map<string, CommandSpec>();
  readonly #cardActions = new Map<string, CardActionSpec>();

  /** Throws on a malformed or already taken name or alias. */
  add(spec: CommandSpec): void {
    const names = [spec.name, ...(spec.aliases ?? [])];
    for (const name of names) {
      if (!NAME.test(name)) {
        throw new TypeError(
          `Command name "${name}" must be lowercase letters, digits, dashes`,
        );
      }
      const taken = this.#byName.get(name);
      if (taken !== undefined) {
        throw new TypeError(
          `Command name "${name}" is taken by /${taken.name}`,
        );
      }
    }

    for (const name of names) this.#byName.set(name, spec);
    this.#commands.push(spec);
  }

  /** Throws when another action has the same name. */
  addCardAction(spec: CardActionSpec): void {
    if (this.#cardActions.has(spec.action)) {
      throw new TypeError(`Card action "${spec.action}" is registered twice`);
    }
    this.#cardActions.set(spec.action, spec);
  }

  /** By name or alias, case-insensitive. */
  find(name: string): CommandSpec | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  findCardAction(action: string): CardActionSpec | undefined {
    return this.#cardActions.get(action);
  }

  list(): readonly CommandSpec[] {
    return this.#commands;
  }
}
