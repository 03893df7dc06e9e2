import { normalise, type EntryVectors } from './embed.stage.js';
import type { PartialTheme } from './partial-theme.js';

// A theme admits an entry as close to its centre as the members the model chose, bar the
// loosest tenth: the bar follows the embedding model and the theme rather than a fixed number.
// No theme's bar is above the median theme's: a theme whose sampled members happen to be worded
// alike (a few near-identical requests) would otherwise turn away every other wording of its
// subject, though the entry is nearer to it than to any other theme.
const MEMBER_QUANTILE = 0.1;
const MIN_MEMBERS_FOR_OWN_BAR = 3;
// Used only when no theme has enough members to set a bar of its own.
const FALLBACK_BAR = 0.5;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The middle value, or the mean of the two middle values of an even count. */
function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Centre {
  vector: Float32Array;
  bar: number | undefined;
}

function centreOf(theme: PartialTheme, vectors: EntryVectors): Centre | undefined {
  const members = theme.ids.map((id) => vectors.get(id)).filter((v) => v !== undefined);
  if (members.length === 0) return undefined;
  const sum = new Float32Array(members[0]!.length);
  for (const v of members) for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
  const vector = normalise(sum);
  const bar =
    members.length >= MIN_MEMBERS_FOR_OWN_BAR
      ? quantile(
          members.map((v) => dot(v, vector)).sort((a, b) => a - b),
          MEMBER_QUANTILE,
        )
      : undefined;
  return { vector, bar };
}

export interface Assignment {
  themes: PartialTheme[];
  /** Entries of `rest` placed in a theme. */
  assigned: number;
}

/**
 * Places each entry the model did not read in the theme whose centre (the mean of the vectors of
 * the entries the model cited for it) is nearest, when it is at least as near as most of that
 * theme's own members (or of the median theme's, when that bar is lower); otherwise it stays in
 * no theme, as an entry the model read and cited nowhere does. Ids and counts stay computed in
 * code: an entry can only be assigned once, and only ids of the analysed scope are added.
 */
export function assignRest(themes: readonly PartialTheme[], vectors: EntryVectors, rest: readonly string[]): Assignment {
  const centres = themes.map((t) => centreOf(t, vectors));
  const ownBars = centres.flatMap((c) => (c?.bar === undefined ? [] : [c.bar])).sort((a, b) => a - b);
  const sharedBar = ownBars.length > 0 ? median(ownBars) : FALLBACK_BAR;
  const added = themes.map(() => [] as string[]);
  let assigned = 0;
  for (const id of rest) {
    const v = vectors.get(id);
    if (!v) continue;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    centres.forEach((c, i) => {
      if (!c) return;
      const score = dot(v, c.vector);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best < 0 || bestScore < Math.min(centres[best]!.bar ?? sharedBar, sharedBar)) continue;
    added[best]!.push(id);
    assigned++;
  }
  return { themes: themes.map((t, i) => (added[i]!.length > 0 ? { ...t, ids: [...t.ids, ...added[i]!] } : t)), assigned };
}
