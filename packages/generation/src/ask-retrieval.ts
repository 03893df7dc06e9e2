import type { SearchFilters, SearchHit } from '@insights/db';
import { questionSearch, type AskEntry } from '@insights/engine';

/** What retrieval needs of the feedback search repository. */
export interface QuestionSearchSource {
  search(projectId: string, query: string, filters: SearchFilters, page: { limit: number }): Promise<{ items: SearchHit[] }>;
  count(projectId: string, query: string, filters: SearchFilters): Promise<number>;
}

export interface RetrievedForQuestion {
  /** The entries the model reads, best match first. */
  entries: AskEntry[];
  /** The question's search: its query, the SQL count of its matches in scope, and what that count is of. */
  search: { query: string; matched: number; label?: string };
}

/** Entries retrieved for a question: what the model reads, best match first. */
export const ASK_RETRIEVED = 40;
/** Below this many hits for all of a question's words, entries matching any of them fill up. */
const FEW_HITS = 10;

/**
 * A question's retrieval: the entries matching all its subject words (those in the tone it asks
 * about first, if it names one), then, when few, those matching any of them; and the SQL count of
 * its search. A question about a tone and nothing else ("what do customers praise?") searches that
 * tone: its count is of the entries in that tone.
 */
export async function retrieveForQuestion(
  source: QuestionSearchSource,
  projectId: string,
  question: string,
  filters: SearchFilters,
): Promise<RetrievedForQuestion> {
  const plan = questionSearch(question);
  const toneOnly = plan.tone !== undefined && !filters.sentiment && plan.terms.length === 0;
  const scoped: SearchFilters = toneOnly ? { ...filters, sentiment: plan.tone } : filters;
  const preferred: SearchFilters = plan.tone && !scoped.sentiment ? { ...scoped, sentiment: plan.tone } : scoped;
  const found = new Map<string, SearchHit>();
  const add = (hits: SearchHit[]) => {
    for (const hit of hits) if (found.size < ASK_RETRIEVED && !found.has(hit.id)) found.set(hit.id, hit);
  };
  const [first, matched] = await Promise.all([
    source.search(projectId, plan.query, preferred, { limit: ASK_RETRIEVED }),
    source.count(projectId, plan.query, scoped),
  ]);
  add(first.items);
  if (found.size < ASK_RETRIEVED && preferred !== scoped) add((await source.search(projectId, plan.query, scoped, { limit: ASK_RETRIEVED })).items);
  if (found.size < FEW_HITS && plan.terms.length > 1) add((await source.search(projectId, plan.terms.join(' or '), scoped, { limit: ASK_RETRIEVED })).items);
  return {
    entries: [...found.values()].map(({ rank: _rank, ...entry }) => entry),
    search: { query: plan.query, matched, ...(toneOnly ? { label: `${plan.tone} entries` } : {}) },
  };
}
