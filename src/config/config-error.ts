/**
 * Configuration that cannot work. One error lists every bad variable, so
 * the operator fixes them in one go; values of secrets are never shown.
 */

export interface ConfigProblem {
  /** The environment variable, e.g. `PUBLIC_URL`. */
  variable: string;
  /** What is wrong and how to fix it, after the variable's name. */
  problem: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';

  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.problems = Object.freeze([...problems]);
  }
}

/** The text the CLI prints (no stack trace). */
export function formatConfigError(error: ConfigError): string {
  return error.message;
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const count =
    problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map(
    ({ variable, problem }) => `  - ${variable} ${problem}`,
  );
  return [`The configuration has ${count} (see .env.sample):`, ...lines].join(
    '\n',
  );
}
