import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config } from './schema';

export { configSchema, type Config, type Limits } from './schema';

/** Environment variables and the config key each one sets; the environment wins over the file. */
export const ENVIRONMENT_KEYS = {
  DATABASE_URL: 'database_url',
  CRM_SCHEMA: 'schema',
  LISTEN_ADDRESS: 'listen_address',
  WEB_CONFIG_FILE: 'web_config_file',
  PORT: 'port',
  REGION_LEVEL: 'region_level',
  REFRESH_INTERVAL: 'refresh_interval',
  STATEMENT_TIMEOUT: 'statement_timeout',
} as const satisfies Record<string, keyof Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Environment = Record<string, string | undefined>;

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`CONFIG_FILE ${path}: cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`CONFIG_FILE ${path}: not valid YAML (${(error as Error).message})`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`CONFIG_FILE ${path}: expected a mapping of configuration keys at the top level`);
  }
  return parsed as Record<string, unknown>;
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((unknown) => {
        const full = key ? `${key}.${unknown}` : unknown;
        return `${full}: unknown configuration key (accepted here: ${acceptedKeys(issue.path).join(', ')})`;
      })
      .join('\n');
  }
  const source = sources.get(String(issue.path[0]));
  return `${key}${source ? ` (from ${source})` : ''}: ${issue.message}`;
}

function acceptedKeys(path: PropertyKey[]): string[] {
  let shape: z.ZodType = configSchema;
  for (const part of path) {
    const inner = unwrap(shape);
    if (!(inner instanceof z.ZodObject)) return [];
    shape = inner.shape[String(part)] as z.ZodType;
  }
  const inner = unwrap(shape);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodOptional
  ) {
    current = current.def.innerType as z.ZodType;
  }
  return current;
}

/**
 * Sets the keys as own properties: Object.assign would run the `__proto__` setter for a `__proto__:`
 * key of the file and swap the object's prototype, hiding the key from the unknown-key check.
 */
function assignOwn(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source))
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The validated configuration, from CONFIG_FILE (YAML) overlaid with the environment.
 * Throws ConfigError naming every bad key, its source and what it accepts.
 */
export function loadConfig(env: Environment = process.env, overrides: Record<string, unknown> = {}): Config {
  const sources = new Map<string, string>();
  const raw: Record<string, unknown> = {};
  if (env.CONFIG_FILE) {
    assignOwn(raw, readFile(env.CONFIG_FILE));
    for (const key of Object.keys(raw)) sources.set(key, `CONFIG_FILE ${env.CONFIG_FILE}`);
  }
  for (const [variable, key] of Object.entries(ENVIRONMENT_KEYS)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    raw[key] = value;
    sources.set(key, `environment variable ${variable}`);
  }
  assignOwn(raw, overrides);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => describeIssue(issue, sources));
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}
