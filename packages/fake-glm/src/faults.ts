import { z } from 'zod';
import { CONTENT_FILTER_REPLY } from './refusal.js';

// A chat stage, or 'embed' for the embeddings endpoint. A fault without a stage goes to the next
// chat call of any stage; the embeddings endpoint serves only faults that name it.
const stage = z.enum(['map', 'reduce', 'repair', 'assign', 'ask', 'embed']).optional();
const times = z.number().int().positive().default(1);
const base = { stage, times };

export const faultSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('latency'), ms: z.number().int().nonnegative(), ...base }),
  z.object({
    type: z.literal('rate_limit'),
    retryAfterSeconds: z.number().nonnegative(),
    code: z.string().default('1302'),
    ...base,
  }),
  z.object({
    type: z.literal('server_error'),
    status: z.number().int().min(500).max(599).default(500),
    code: z.string().default('500'),
    ...base,
  }),
  z.object({ type: z.literal('timeout'), ...base }),
  z.object({ type: z.literal('malformed_json'), ...base }),
  z.object({ type: z.literal('invented_id'), ...base }),
  // A valid answer whose every theme name is worded differently, with the same evidence.
  z.object({ type: z.literal('relabel'), ...base }),
  z.object({ type: z.literal('content_filter'), ...base }),
  z.object({ type: z.literal('balance'), ...base }),
  // `message` replaces the wording, for tests of what a provider's error text may carry.
  z.object({ type: z.literal('auth'), message: z.string().max(2_000).optional(), ...base }),
]);
export const faultListSchema = z.array(faultSchema);

/** A fault as callers write it (defaults optional). */
export type FaultInput = z.input<typeof faultSchema>;
/** A fault after defaults are applied. */
export type Fault = z.output<typeof faultSchema>;
export type FaultType = Fault['type'];

/** Faults are served in the order queued; each one applies to `times` matching calls. */
export class FaultQueue {
  private queue: Fault[] = [];

  add(faults: FaultInput[]): void {
    this.queue.push(...faultListSchema.parse(faults));
  }

  take(callStage: string | null): Fault | null {
    const index = this.queue.findIndex((f) => (f.stage === undefined && callStage !== 'embed') || f.stage === callStage);
    if (index === -1) return null;
    const fault = this.queue[index]!;
    if (fault.times <= 1) this.queue.splice(index, 1);
    else this.queue[index] = { ...fault, times: fault.times - 1 };
    return fault;
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

export interface ErrorReply {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

// Codes and wording follow Z.ai's documented error table, so client-side mapping is exercised.
export function errorReplyFor(fault: Fault): ErrorReply | null {
  switch (fault.type) {
    case 'rate_limit':
      return {
        status: 429,
        code: fault.code,
        message: 'Rate limit reached for requests. Please try again later.',
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    case 'server_error':
      return { status: fault.status, code: fault.code, message: 'Internal server error.' };
    case 'content_filter':
      return CONTENT_FILTER_REPLY;
    case 'balance':
      return {
        status: 429,
        code: '1113',
        message: 'Your account balance is insufficient or no resource package is available.',
      };
    case 'auth':
      return { status: 401, code: '1000', message: fault.message ?? 'Authentication failed.' };
    default:
      return null;
  }
}
