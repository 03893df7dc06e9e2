import { compactResult, type InsightsResult } from '@insights/engine';

/**
 * Response text assembled from JSON text, never parsed: `data` is a JSON object to which the
 * `meta` fields are added, and the same fields sit beside it in the `{ success, data }`
 * envelope (the existing dashboard reads `cached` there).
 */
export function envelopeWithMeta(dataJson: string, meta: Record<string, unknown>): string {
  const extra = JSON.stringify(meta).slice(1, -1);
  if (!extra) return `{"success":true,"data":${dataJson}}`;
  const body = dataJson.trimEnd();
  const data = body === '{}' ? `{${extra}}` : `${body.slice(0, -1)},${extra}}`;
  return `{"success":true,"data":${data},${extra}}`;
}

export const FRESH_META = { cached: true, stale: false } as const;

/** The whole answer to a fresh cached read, the same for every hit: built once, when stored. */
export function freshReadBody(result: InsightsResult): string {
  return envelopeWithMeta(JSON.stringify(compactResult(result)), FRESH_META);
}
