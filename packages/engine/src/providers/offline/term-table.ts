import type { TermHit } from './term-extractor.js';

// Bounds that keep memory flat however many rows stream past: samples per term and terms kept.
export const SAMPLE_IDS = 50;
const SAMPLE_QUOTES = 3;
const MAX_TERMS = 20_000;
const QUOTE_CHARS = 200;

export interface Evidence {
  count: number;
  ids: string[];
  quotes: string[];
}

export interface TermStats {
  key: string;
  /** Entries mentioning the term. */
  all: Evidence;
  /** The subset phrased as a request. */
  requests: Evidence;
  ratingSum: number;
  positive: number;
  negative: number;
  surfaces: Map<string, number>;
}

export interface TermObservation {
  id: string;
  rating: number;
  sentiment: string;
  isRequest: boolean;
}

const emptyEvidence = (): Evidence => ({ count: 0, ids: [], quotes: [] });

function note(evidence: Evidence, id: string, sentence: string): void {
  evidence.count++;
  if (evidence.ids.length < SAMPLE_IDS) evidence.ids.push(id);
  const quote = sentence.length > QUOTE_CHARS ? `${sentence.slice(0, QUOTE_CHARS - 1)}…` : sentence;
  if (evidence.quotes.length < SAMPLE_QUOTES && quote && !evidence.quotes.includes(quote)) evidence.quotes.push(quote);
}

/**
 * Document frequencies per term with bounded samples of ids and quotes. When the table grows
 * past its cap, the rarest terms are evicted (lossy counting): counts of surviving terms are
 * exact or undercounted, never inflated.
 */
export class TermTable {
  private readonly terms = new Map<string, TermStats>();
  private floor = 1;

  add(hit: TermHit, obs: TermObservation): void {
    let stats = this.terms.get(hit.key);
    if (!stats) {
      stats = {
        key: hit.key,
        all: emptyEvidence(),
        requests: emptyEvidence(),
        ratingSum: 0,
        positive: 0,
        negative: 0,
        surfaces: new Map(),
      };
      this.terms.set(hit.key, stats);
    }
    note(stats.all, obs.id, hit.sentence);
    if (obs.isRequest) note(stats.requests, obs.id, hit.sentence);
    stats.ratingSum += obs.rating;
    if (obs.sentiment === 'positive') stats.positive++;
    if (obs.sentiment === 'negative') stats.negative++;
    if (stats.surfaces.size < 8 || stats.surfaces.has(hit.surface)) {
      stats.surfaces.set(hit.surface, (stats.surfaces.get(hit.surface) ?? 0) + 1);
    }
    if (this.terms.size > MAX_TERMS) this.prune();
  }

  values(): TermStats[] {
    return [...this.terms.values()];
  }

  private prune(): void {
    while (this.terms.size > MAX_TERMS * 0.75) {
      for (const [key, stats] of this.terms) if (stats.all.count <= this.floor) this.terms.delete(key);
      this.floor++;
    }
  }
}

export function averageRating(stats: TermStats): number {
  return stats.ratingSum / Math.max(1, stats.all.count);
}

export function commonSurface(stats: TermStats): string {
  return [...stats.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? stats.key;
}
