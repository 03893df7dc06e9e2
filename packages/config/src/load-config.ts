import { existsSync } from 'node:fs';
import { envSchema, type ParsedEnv } from './env.schema.js';
import { toAppConfig, type AppConfig } from './app-config.js';
import { localKeyPair } from './dev-keys.js';
import { GLM_MODELS, modelFacts } from './models.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Loads `.env` from the working directory (real environment variables win over it). */
export function readEnv(file = '.env'): NodeJS.ProcessEnv {
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}

/** The fallback webhook would be refused at every delivery: say so at start-up instead. */
function notifyUrlProblems(env: ParsedEnv): string[] {
  if (!env.NOTIFY_WEBHOOK_URL) return [];
  const url = new URL(env.NOTIFY_WEBHOOK_URL);
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && url.protocol !== 'https:') problems.push('NOTIFY_WEBHOOK_URL: must use https in production');
  const allowed = env.WEBHOOK_ALLOWED_HOSTS.map((host) => host.toLowerCase());
  if (allowed.length > 0 && !allowed.includes(url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase())) {
    problems.push('NOTIFY_WEBHOOK_URL: its host is not in WEBHOOK_ALLOWED_HOSTS');
  }
  return problems;
}

/**
 * A known model's limits bound the overrides. A model the table does not know has no safe guess
 * for its window and answer length: with the GLM provider it starts only when both are given.
 */
function modelProblems(env: ParsedEnv): string[] {
  const facts = modelFacts(env.GLM_MODEL);
  const problems: string[] = [];
  if (!facts.known) {
    const glm = (env.INSIGHTS_PROVIDER ?? (env.GLM_API_KEY ? 'glm' : 'offline')) === 'glm';
    if (glm && (env.GLM_CONTEXT_TOKENS === undefined || env.GLM_MAX_OUTPUT_TOKENS === undefined)) {
      problems.push(
        `GLM_MODEL: "${env.GLM_MODEL}" is not in the model table (${Object.keys(GLM_MODELS).join(', ')}); ` +
          'set GLM_CONTEXT_TOKENS and GLM_MAX_OUTPUT_TOKENS for it (and GLM_CONCURRENCY, GLM_PRICE_*)',
      );
    }
    return problems;
  }
  if (env.GLM_CONTEXT_TOKENS !== undefined && env.GLM_CONTEXT_TOKENS > facts.contextTokens) {
    problems.push(`GLM_CONTEXT_TOKENS: must be at most ${facts.contextTokens}, the context window of ${env.GLM_MODEL}`);
  }
  if (env.GLM_MAX_OUTPUT_TOKENS !== undefined && env.GLM_MAX_OUTPUT_TOKENS > facts.maxOutputTokens) {
    problems.push(`GLM_MAX_OUTPUT_TOKENS: must be at most ${facts.maxOutputTokens}, the output limit of ${env.GLM_MODEL}`);
  }
  return problems;
}

/**
 * Validates the environment once and returns the typed configuration, or throws a ConfigError
 * listing one line per problem.
 */
export function loadConfig(raw: Record<string, string | undefined> = readEnv(), options: { verifiesTokens?: boolean } = {}): AppConfig {
  const verifiesTokens = options.verifiesTokens ?? true;
  const blanksRemoved = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    // One line per variable: the first problem found is the one to fix.
    const byVariable = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      if (!byVariable.has(name)) byVariable.set(name, `${name}: ${issue.message}`);
    }
    throw new ConfigError([...byVariable.values()]);
  }
  const env = parsed.data;
  const problems: string[] = [];
  let jwtKey = env.CLERK_JWT_KEY?.replaceAll('\\n', '\n');
  const localKey = !jwtKey;
  if (jwtKey && !jwtKey.includes('BEGIN PUBLIC KEY')) {
    problems.push('CLERK_JWT_KEY: must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  if (!jwtKey && env.NODE_ENV === 'production' && verifiesTokens) {
    problems.push('CLERK_JWT_KEY: required in production (the Clerk instance PEM public key)');
  }
  if (env.CLERK_AUTHORIZED_PARTIES.length === 0) {
    problems.push('CLERK_AUTHORIZED_PARTIES: list at least one origin allowed to present tokens');
  }
  if (env.NODE_ENV === 'production' && verifiesTokens) problems.push(...productionApiProblems(env, blanksRemoved));
  if (Boolean(env.BULL_BOARD_USER) !== Boolean(env.BULL_BOARD_PASSWORD)) {
    problems.push('BULL_BOARD_USER / BULL_BOARD_PASSWORD: set both or neither');
  }
  if (Boolean(env.METRICS_USER) !== Boolean(env.METRICS_PASSWORD)) {
    problems.push('METRICS_USER / METRICS_PASSWORD: set both or neither');
  }
  if (Boolean(env.SWAGGER_USER) !== Boolean(env.SWAGGER_PASSWORD)) {
    problems.push('SWAGGER_USER / SWAGGER_PASSWORD: set both or neither');
  }
  if (env.INSIGHTS_PROVIDER === 'glm' && !env.GLM_API_KEY) {
    problems.push('GLM_API_KEY: required when INSIGHTS_PROVIDER=glm');
  }
  if (env.WORKER_LOCK_MS !== undefined && env.WORKER_LOCK_MS <= env.GLM_TIMEOUT_MS) {
    problems.push('WORKER_LOCK_MS: must be longer than GLM_TIMEOUT_MS, or slow LLM calls make jobs look stalled');
  }
  if (env.WORKER_LARGE_JOB_CONCURRENCY > env.WORKER_CONCURRENCY) {
    problems.push('WORKER_LARGE_JOB_CONCURRENCY: must not exceed WORKER_CONCURRENCY (the slots large jobs may take of it)');
  }
  if (env.WEBHOOK_ALLOW_LOOPBACK && env.NODE_ENV === 'production') {
    problems.push('WEBHOOK_ALLOW_LOOPBACK: a test setting, refused in production (webhooks must not reach this host)');
  }
  problems.push(...notifyUrlProblems(env));
  problems.push(...modelProblems(env));
  if (problems.length) throw new ConfigError(problems);
  // The worker verifies no tokens: it neither needs the key nor creates a local one.
  jwtKey ??= verifiesTokens ? localKeyPair().publicKey : '';
  return toAppConfig(env, jwtKey, localKey);
}

/**
 * The API's defaults suit a developer's machine; in production two of them would quietly open
 * it up, so there they must be chosen. The worker serves neither the docs nor tokens.
 */
function productionApiProblems(env: ParsedEnv, given: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  // The default (http://localhost:3000) would accept tokens minted for a developer's dashboard.
  if (given.CLERK_AUTHORIZED_PARTIES === undefined) {
    problems.push("CLERK_AUTHORIZED_PARTIES: required in production (the dashboard's origins, comma-separated)");
  }
  if (env.SWAGGER_ENABLED && !env.SWAGGER_USER && !env.SWAGGER_PUBLIC) {
    problems.push(
      'SWAGGER_ENABLED: Swagger UI would be public in production; set SWAGGER_USER and SWAGGER_PASSWORD, ' +
        'or SWAGGER_ENABLED=false, or SWAGGER_PUBLIC=true to publish it on purpose',
    );
  }
  return problems;
}
