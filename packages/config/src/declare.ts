import type { z } from 'zod';
import type { ModelFacts } from './models.js';

/** The concerns the variables are grouped by, in the order `.env.example` and the docs list them. */
export const SECTIONS = [
  { id: 'server', title: 'Server', intro: 'How the API listens, logs and serves its documentation.' },
  { id: 'storage', title: 'Database and Redis', intro: 'Postgres holds the data; Redis holds the job queue, the cache and the shared counters.' },
  { id: 'auth', title: 'Auth', intro: 'Clerk session tokens, verified without a network call.' },
  {
    id: 'model',
    title: 'Model provider',
    intro: 'The GLM model (Z.ai / Zhipu) and what it can do; facts about a known model come from its table (packages/config/src/models.ts).',
  },
  { id: 'generation', title: 'Generation', intro: 'How feedback becomes insights: sampling, chunks, caching and automatic refreshes.' },
  { id: 'worker', title: 'Worker and queue', intro: 'The worker processes that run generation jobs, and the BullMQ queue they share.' },
  { id: 'limits', title: 'Limits and budgets', intro: 'Request rates and LLM token spend per client, user and project.' },
  { id: 'events', title: 'Live job events', intro: 'GET /api/insights/jobs/:jobId/events (Server-Sent Events).' },
  { id: 'notifications', title: 'Notifications and webhooks', intro: 'Where failure notices and other outbound webhooks may go.' },
  { id: 'redaction', title: 'Redaction', intro: 'Personal data removed from feedback before any of it reaches the model (docs/adr/0016).' },
  { id: 'operators', title: 'Operators', intro: 'Credentials of the operator pages: Bull Board and the Prometheus metrics.' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** What a variable's `resolve` may look at besides its own value. */
export interface ResolveContext {
  /** Another variable's parsed value (its default applied). */
  get: <T>(name: string) => T;
  /** The facts of the configured model (the table's, or conservative ones for a model it does not know). */
  model: ModelFacts;
}

/** One environment variable: everything the schema, the typed configuration and the docs need. */
export interface Variable<
  N extends string = string,
  P extends string = string,
  S extends z.ZodType = z.ZodType,
  D extends string | undefined = string | undefined,
  R = unknown,
> {
  name: N;
  section: SectionId;
  /** Where the value lands in AppConfig, dot-separated. */
  path: P;
  /** One paragraph: what it means, its unit and its accepted values. */
  doc: string;
  /** Never printed; `.env.example` shows it empty. */
  secret?: boolean;
  /** Validates and converts the variable's text. */
  schema: S;
  /** The value when the variable is unset, as it would be written in the environment. */
  default?: D;
  /** What `.env.example` and the docs show as the default when it is not `default` (a value computed from others). */
  defaultText?: string;
  /** The configuration value when it is more than the parsed text (a fallback computed from other variables). */
  resolve?(value: unknown, context: ResolveContext): R;
  /** How `pnpm config:print` shows the value, when not as the variable's text. */
  print?(value: R): string;
}

type Parsed<S extends z.ZodType, D> = D extends string ? z.output<S> : z.output<S> | undefined;

/**
 * Declares one variable. The type of its configuration value is inferred: `resolve`'s result,
 * else the schema's output (possibly undefined when the variable has no default).
 */
export function variable<const N extends string, const P extends string, S extends z.ZodType, const D extends string | undefined = undefined, R = Parsed<S, D>>(
  // The declaration is the variable itself, but `resolve` sees its value as the schema parsed it.
  declaration: Omit<Variable<N, P, S, D, R>, 'resolve'> & { resolve?: (value: Parsed<S, D>, context: ResolveContext) => R },
): Variable<N, P, S, D, R> {
  return declaration as Variable<N, P, S, D, R>;
}

/** The configuration value type a declaration produces. */
export type ValueOf<V> = V extends { resolve?: (value: never, context: ResolveContext) => infer R } ? R : never;

type Nest<P extends string, T> = P extends `${infer Head}.${infer Rest}`
  ? { [K in Head]: Nest<Rest, T> }
  : undefined extends T
    ? { [K in P]?: T }
    : { [K in P]: T };

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** Merges the nested objects of an intersection into one readable object type. */
export type Expand<T> = T extends readonly unknown[]
  ? T
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { [K in keyof T]: Expand<T[K]> }
      : T;

/** The nested configuration object the declarations describe, each value at its path. */
export type ConfigOf<Vs extends readonly unknown[]> = UnionToIntersection<
  { [I in keyof Vs]: Vs[I] extends { path: infer P extends string } ? Nest<P, ValueOf<Vs[I]>> : never }[number]
>;
