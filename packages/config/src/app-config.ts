import type { ConfigOf, Expand, ResolveContext, Variable } from './declare.js';
import type { ParsedEnv } from './env.schema.js';
import { modelFacts } from './models.js';
import { VARIABLES, type Variables } from './variables.js';

/** Values no single variable gives: computed from several, or by loadConfig. */
interface ComputedConfig {
  auth: {
    /** Whether `jwtKey` is the local key pair's (no CLERK_JWT_KEY outside production). */
    localKey: boolean;
  };
  redis: {
    /** The cache's cluster: the same one, unless CACHE_REDIS_URL gives the cache a Redis of its own. */
    cacheClusterNodes?: { host: string; port: number }[];
  };
  /**
   * Where outbound webhooks may go: https only in production, never to this host's or the
   * private network's addresses; `allowedHosts` (when set) the only hosts allowed at all.
   */
  webhooks: { requireHttps: boolean };
}

/**
 * The validated, typed configuration both apps receive; nothing else reads `process.env`. Its
 * shape is the variables' paths (variables.ts) and the computed values above.
 */
export type AppConfig = Expand<ConfigOf<Variables> & ComputedConfig>;

/** Where each variable lands in AppConfig. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

/** A value of the configuration by its dot-separated path. */
export function getPath(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], source);
}

export function toAppConfig(env: ParsedEnv, jwtKey: string, localKey: boolean): AppConfig {
  const values = env as Record<string, unknown>;
  const context: ResolveContext = { get: <T>(name: string) => values[name] as T, model: modelFacts(env.GLM_MODEL) };
  const config: Record<string, unknown> = {};
  for (const variable of VARIABLES as readonly Variable[]) {
    const value = values[variable.name];
    setPath(config, variable.path, variable.resolve ? variable.resolve(value, context) : value);
  }
  setPath(config, 'auth.jwtKey', jwtKey);
  setPath(config, 'auth.localKey', localKey);
  setPath(config, 'redis.cacheClusterNodes', env.CACHE_REDIS_URL ? undefined : env.REDIS_CLUSTER_NODES);
  setPath(config, 'webhooks.requireHttps', env.NODE_ENV === 'production');
  return config as AppConfig;
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The Nest logger levels enabled by a LOG_LEVEL: that level and every more severe one. */
export function logLevels(level: AppConfig['logLevel']): (typeof LEVELS)[number][] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
