import { z } from 'zod';
import type { ErrorReply } from './faults.js';

/**
 * GLM's content filter as the fake plays it: any prompt holding `marker` (case-insensitive) is
 * refused, the way real feedback with abuse or politics in it is. `error` answers HTTP 400 with
 * business code 1301, as GLM does for a refused input; `sensitive` answers 200 with the
 * `sensitive` finish reason and no content, as GLM does when it withholds an answer.
 */
export const refusalSchema = z.object({
  marker: z.string().min(1).nullable(),
  mode: z.enum(['error', 'sensitive']).default('error'),
});
export type RefusalInput = z.input<typeof refusalSchema>;
export type Refusal = { marker: string; mode: 'error' | 'sensitive' };

export function refusalFrom(input: RefusalInput | undefined): Refusal | null {
  if (!input) return null;
  const parsed = refusalSchema.parse(input);
  return parsed.marker ? { marker: parsed.marker.toLowerCase(), mode: parsed.mode } : null;
}

export function refuses(refusal: Refusal | null, promptText: string): boolean {
  return refusal !== null && promptText.toLowerCase().includes(refusal.marker);
}

export const CONTENT_FILTER_REPLY: ErrorReply = {
  status: 400,
  code: '1301',
  message: 'The input or generated content may contain unsafe or sensitive content.',
};
