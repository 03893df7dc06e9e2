import { z } from 'zod';
import { VARIABLES, type Variables } from './variables.js';

type Field<V> = V extends { schema: infer S extends z.ZodType; default?: infer D } ? (D extends string ? z.ZodDefault<S> : z.ZodOptional<S>) : never;
type Shape = { [V in Variables[number] as V['name']]: Field<V> };

function field(variable: Variables[number]): z.ZodType {
  const schema: z.ZodType = variable.schema;
  if (!('default' in variable) || variable.default === undefined) return schema.optional();
  const raw = variable.default;
  // Defaults are written as the environment would hold them and go through the same schema.
  return schema.default(() => schema.parse(raw) as never);
}

/** Every variable the service reads (declared in variables.ts); `.env.example` documents each one. */
export const envSchema = z.object(Object.fromEntries(VARIABLES.map((variable) => [variable.name, field(variable)])) as unknown as Shape);

export type RawEnv = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
