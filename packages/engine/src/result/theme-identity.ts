import { createHash, randomBytes } from 'node:crypto';
import { hashFraction } from '../chunking/hash.js';
import { MAX_THEME_IDS } from './result.schema.js';

/**
 * Theme identity from evidence (ADR 0020). A theme's id is kept by the theme of the next result
 * that cites substantially the same feedback, whatever the model calls it. The stored result lists
 * at most MAX_THEME_IDS ids per theme, so the previous theme's evidence is known through a sample:
 * the ids with the lowest sampling hash, a bottom-k sketch. It is uniform over the theme's entries,
 * so the share of its listed ids a new theme cites estimates the share of its whole evidence that
 * went there; and those ids are the ones every later stable sample keeps first.
 */

/** Both sides' shares of an overlap must reach this for it to count (a link). */
export const LINK_SHARE = 0.25;
/**
 * A previous theme with at least this share of its evidence in one current theme, which holds too
 * little of it to link (the theme was swallowed by one over 1 / LINK_SHARE times its size), was
 * absorbed by it: more than half its evidence is in no other theme, so it went there.
 */
export const ABSORBED_SHARE = 0.5;

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 10;

/** A fresh theme id: `th_` and ten random characters of [0-9a-z]. */
export function newThemeId(): string {
  const bytes = randomBytes(ID_LENGTH * 2);
  let id = '';
  // 252 is the largest multiple of 36 below 256: bytes above it are skipped, so no character is likelier.
  for (const byte of bytes) {
    if (byte >= 252) continue;
    id += ID_CHARS[byte % 36];
    if (id.length === ID_LENGTH) return `th_${id}`;
  }
  return newThemeId();
}

/**
 * The id a theme with no predecessor takes: derived from its evidence, so the same entries make
 * the same id on every run (the offline analyser stays deterministic) and a theme that comes back
 * with the evidence it had gets its old id again. `attempt` draws another for a clash.
 */
export function evidenceThemeId(ids: readonly string[], attempt = 0): string {
  const hash = createHash('sha256').update(`theme-id:${attempt}`);
  for (const id of [...new Set(ids.map((i) => i.toLowerCase()))].sort()) hash.update('\0').update(id);
  const digest = hash.digest();
  let id = '';
  for (let i = 0; id.length < ID_LENGTH; i++) id += ID_CHARS[digest.readUInt16BE(2 * i) % 36];
  return `th_${id}`;
}

const sampleHash = (id: string) => hashFraction('sample', id.toLowerCase());

/**
 * The ids a stored theme lists: all of them up to `max`, else the `max` with the lowest sampling
 * hash (the same hash the stable sample uses), in their original order.
 */
export function listedIds(ids: readonly string[], max = MAX_THEME_IDS): string[] {
  const unique = [...new Set(ids)];
  if (unique.length <= max) return unique;
  const kept = new Set(
    unique
      .map((id) => ({ id, h: sampleHash(id) }))
      .sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : 1))
      .slice(0, max)
      .map((e) => e.id),
  );
  return unique.filter((id) => kept.has(id));
}

/** A theme of the previous result, as stored: its id, full count and listed ids. */
export interface PreviousTheme {
  id: string;
  count: number;
  feedbackIds: readonly string[];
}

export interface IdentityInput {
  /** The new themes' full evidence, one id list per theme. */
  current: readonly (readonly string[])[];
  previous: readonly PreviousTheme[];
  /** Every entry this run analysed: a listed id outside it says nothing about where its theme went. */
  analysed: ReadonlySet<string>;
  /**
   * Whether an entry (its id in lower case) could have been in the previous result: written
   * before it was made. New entries do not dilute a theme's share of old evidence; without it
   * every entry counts.
   */
  carried?: (id: string) => boolean;
  /** Id maker for a theme with no predecessor; by default derived from its evidence (evidenceThemeId). */
  newId?: (ids: readonly string[], attempt: number) => string;
}

export interface ThemeLineage {
  /** One id per current theme, in input order. */
  ids: string[];
  /** A previous theme whose evidence went substantially to several current themes. */
  splits: { from: string; into: string[] }[];
  /** Several previous themes whose evidence went substantially to one current theme. */
  merges: { from: string[]; into: string }[];
}

interface Link {
  prev: number;
  cur: number;
  /** Estimated entries of the previous theme found in the current one. */
  overlap: number;
}

/**
 * Gives each current theme the id of the previous theme whose evidence it carries, or a new one.
 * A link is an overlap holding at least LINK_SHARE of the previous theme's evidence (estimated
 * from its listed ids that were analysed now) and of the current theme's carried evidence. Links
 * are paired greedily, largest overlap first, each theme at most once; a previous theme linked to
 * several current ones is a split, several previous linked to one current a merge, and in both the
 * largest overlap keeps the id.
 */
export function matchThemes(input: IdentityInput): ThemeLineage {
  const newId = input.newId ?? evidenceThemeId;
  const sets = input.current.map((ids) => new Set(ids.map((id) => id.toLowerCase())));
  const carried = input.current.map((ids) => {
    const n = input.carried ? ids.filter((id) => input.carried!(id.toLowerCase())).length : ids.length;
    return Math.max(1, n);
  });
  const links: Link[] = [];
  // Most of a previous theme's evidence inside a current theme too large for it to hold LINK_SHARE.
  const absorbed: Link[] = [];
  for (const [p, old] of input.previous.entries()) {
    const listed = [...new Set(old.feedbackIds.map((id) => id.toLowerCase()))];
    const present = listed.filter((id) => input.analysed.has(id));
    if (present.length === 0) continue;
    for (const [c, set] of sets.entries()) {
      const hits = present.filter((id) => set.has(id)).length;
      if (hits === 0) continue;
      const shareOld = hits / present.length;
      const overlap = (hits / listed.length) * Math.max(old.count, listed.length);
      const shareNew = Math.min(1, overlap / carried[c]!);
      if (shareOld >= LINK_SHARE && shareNew >= LINK_SHARE) links.push({ prev: p, cur: c, overlap });
      else if (shareOld >= ABSORBED_SHARE) absorbed.push({ prev: p, cur: c, overlap });
    }
  }
  // Largest overlap first; ties by input order, so the same inputs always pair the same way.
  links.sort((a, b) => b.overlap - a.overlap || a.prev - b.prev || a.cur - b.cur);
  const ids: (string | undefined)[] = input.current.map(() => undefined);
  const pairedPrev = new Set<number>();
  for (const link of links) {
    if (pairedPrev.has(link.prev) || ids[link.cur] !== undefined) continue;
    pairedPrev.add(link.prev);
    ids[link.cur] = input.previous[link.prev]!.id;
  }
  // A theme absorbed by a much larger one: that theme keeps its id when it has no predecessor of
  // its own; otherwise the absorbed theme is recorded as merged into it (below).
  const absorbedInto = new Map<number, number[]>();
  for (const link of [...absorbed].sort((a, b) => b.overlap - a.overlap || a.prev - b.prev || a.cur - b.cur)) {
    if (pairedPrev.has(link.prev) || links.some((l) => l.prev === link.prev)) continue;
    pairedPrev.add(link.prev);
    if (ids[link.cur] === undefined) ids[link.cur] = input.previous[link.prev]!.id;
    else absorbedInto.set(link.cur, [...(absorbedInto.get(link.cur) ?? []), link.prev]);
  }
  // A new id never repeats a previous theme's id or another new theme's.
  const taken = new Set([...input.previous.map((t) => t.id), ...ids.filter((id) => id !== undefined)]);
  const final = ids.map((id, c) => {
    if (id !== undefined) return id;
    for (let attempt = 0; ; attempt++) {
      const made = newId(input.current[c]!, attempt);
      if (!taken.has(made)) {
        taken.add(made);
        return made;
      }
    }
  });

  const splits: ThemeLineage['splits'] = [];
  const merges: ThemeLineage['merges'] = [];
  for (const [p, old] of input.previous.entries()) {
    const into = links.filter((l) => l.prev === p).map((l) => final[l.cur]!);
    if (into.length >= 2) splits.push({ from: old.id, into: keeperFirst(into, old.id) });
  }
  for (const [c] of input.current.entries()) {
    const from = [...links.filter((l) => l.cur === c), ...(absorbedInto.get(c) ?? []).map((prev) => ({ prev }))].map((l) => input.previous[l.prev]!.id);
    if (from.length >= 2) merges.push({ from: keeperFirst(from, final[c]!), into: final[c]! });
  }
  return { ids: final, splits, merges };
}

/** The theme that kept the id first, then the others by overlap (the order given). */
function keeperFirst(ids: string[], keeper: string): string[] {
  return ids.includes(keeper) ? [keeper, ...ids.filter((id) => id !== keeper)] : ids;
}
