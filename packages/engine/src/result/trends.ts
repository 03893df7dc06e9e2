import type { InsightsResult, InsightsTrends, ResultTheme, ThemeTrend } from './result.schema.js';

/** A theme's share must move by this many points, and its count by MIN_COUNT_CHANGE, to be a trend. */
export const SHARE_POINTS = 2;
export const MIN_COUNT_CHANGE = 2;

const key = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const round = (value: number) => Math.round(value * 10) / 10;

type Snapshot = Pick<InsightsResult, 'themes' | 'coverage' | 'generatedAt'>;

/** Lineage between the two results, from their full evidence (see theme-identity.ts). */
export type Lineage = Pick<InsightsTrends, 'splits' | 'merges'>;

const hasIds = (themes: readonly ResultTheme[]) => themes.every((t) => t.id !== undefined);

function byId(themes: readonly ResultTheme[]): Map<string, ResultTheme> {
  return new Map(themes.map((t) => [t.id!, t]));
}

function byName(themes: readonly ResultTheme[]): Map<string, ResultTheme> {
  const map = new Map<string, ResultTheme>();
  for (const theme of themes) {
    const existing = map.get(key(theme.name));
    // Two themes of one name (the model may repeat one across kinds) count as one.
    if (existing) map.set(key(theme.name), { ...existing, count: existing.count + theme.count });
    else map.set(key(theme.name), theme);
  }
  return map;
}

/**
 * How each theme moved since the previous result of the same scope: new, growing, steady,
 * shrinking or resolved. Themes are paired by id (a relabelled theme with the same evidence keeps
 * its id, so it is steady, not resolved and new); when either result predates theme ids, by
 * name. Shares of the analysed feedback are compared, not raw counts, so a scope that doubled in
 * size does not make every theme "growing". `lineage` lists the splits and merges found when the
 * ids were given; those naming a theme neither result holds are left out.
 */
export function compareResults(current: Snapshot, previous: Snapshot | undefined, lineage?: Lineage): InsightsTrends {
  const counts = { new: 0, growing: 0, steady: 0, shrinking: 0, resolved: 0 };
  if (!previous) return { previousGeneratedAt: null, themes: [], counts, splits: [], merges: [] };
  const share = (count: number, snapshot: Snapshot) => (snapshot.coverage.analysed > 0 ? (100 * count) / snapshot.coverage.analysed : 0);
  const identified = hasIds(previous.themes) && hasIds(current.themes);
  const before = identified ? byId(previous.themes) : byName(previous.themes);
  const now = identified ? byId(current.themes) : byName(current.themes);
  const trends: ThemeTrend[] = [];
  for (const [k, theme] of now) {
    const old = before.get(k);
    const shareChange = round(share(theme.count, current) - share(old?.count ?? 0, previous));
    let status: ThemeTrend['status'] = 'new';
    if (old) {
      const moved = Math.abs(theme.count - old.count) >= MIN_COUNT_CHANGE && Math.abs(shareChange) >= SHARE_POINTS;
      status = !moved ? 'steady' : shareChange > 0 ? 'growing' : 'shrinking';
    }
    const id = identified ? { id: k } : {};
    trends.push({ ...id, name: theme.name, kind: theme.kind, status, count: theme.count, previousCount: old?.count ?? 0, shareChange });
  }
  for (const [k, old] of before) {
    if (now.has(k)) continue;
    const id = identified ? { id: k } : {};
    trends.push({
      ...id,
      name: old.name,
      kind: old.kind,
      status: 'resolved',
      count: 0,
      previousCount: old.count,
      shareChange: round(-share(old.count, previous)),
    });
  }
  for (const trend of trends) counts[trend.status]++;
  // Biggest movements first: what a reader should look at.
  trends.sort((a, b) => Math.abs(b.shareChange) - Math.abs(a.shareChange) || a.name.localeCompare(b.name) || (a.id ?? '').localeCompare(b.id ?? ''));
  const known = (id: string) => identified && (now.has(id) || before.has(id));
  const splits = (lineage?.splits ?? []).filter((s) => known(s.from) && s.into.every(known));
  const merges = (lineage?.merges ?? []).filter((m) => known(m.into) && m.from.every(known));
  return { previousGeneratedAt: previous.generatedAt, themes: trends, counts, splits, merges };
}
