/**
 * Reads the configuration from the environment and an optional `.env`
 * file. The real environment wins over the file, so a deployment can
 * override one value without editing it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import type { Config } from './config.ts';
import { type Env, parseConfig } from './parse-config.ts';

export interface LoadConfigOptions {
  /** process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** `.env` in the working directory by default; skipped if absent. */
  envFile?: string;
}

/** The `.env` file's variables overlaid by the environment's. */
export function readEnv(options: LoadConfigOptions = {}): Env {
  const env = options.env ?? process.env;
  const path = resolve(options.envFile ?? '.env');
  const fromFile = existsSync(path) ? parse(readFileSync(path)) : {};

  const merged: Env = { ...fromFile };
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

/** Validated, frozen configuration; throws `ConfigError`. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  return parseConfig(readEnv(options));
}
