import { parseArgs } from 'node:util';
import {
  arraySource,
  compareResults,
  DEFAULT_GENERATE_OPTIONS,
  generateInsights,
  GlmEmbeddingProvider,
  GlmProvider,
  InMemoryChunkMemo,
  listedIds,
  matchThemes,
  type ChunkMemo,
  type InsightsResult,
  type InsightsTrends,
  type PreviousTheme,
} from '@insights/engine';
import { startFakeGlm, type FakeGlm } from '@insights/fake-glm';
import { bankingFeedback, labelledFeedback, prng, statsFor, type LabelledSet } from '@insights/testkit';
import { requireWholeNumbers } from './cli.js';

// Whether a theme keeps its id when the model words every label differently (ADR 0020): a
// labelled set generated once through the pipeline and the fake GLM, 3 % new entries of the same
// set, then a second run with the first as history and every reduce answer relabelled. The same
// two results are also compared by name, as trends were before ids. Then splits: one theme's
// evidence parted 60/40 between two themes, run through the matcher. No database, no key.

/** The labelled sets this benchmark knows, by the name `--sets` takes. */
const SETS: Record<string, (options: { count: number; seed: number }) => LabelledSet> = {
  demo: labelledFeedback,
  banking: bankingFeedback,
};

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '14' },
    sets: { type: 'string', default: Object.keys(SETS).join(',') },
    // New entries before the second run, in percent of the first run's entries.
    growth: { type: 'string', default: '3' },
    splits: { type: 'string', default: '100' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const seed = Number(values.seed);
const growth = Number(values.growth);
const splitTrials = Number(values.splits);
const setNames = values.sets.split(',').map((s) => s.trim());
requireWholeNumbers([
  ['--seed', seed, 0, 2 ** 31],
  ['--growth', growth, 1, 100],
  ['--splits', splitTrials, 1, 100_000],
  ...sizes.map((s) => ['--sizes', s, 50, 50_000] as const),
]);
for (const name of setNames) {
  if (!SETS[name]) {
    console.error(`--sets: unknown set "${name}" (known: ${Object.keys(SETS).join(', ')})`);
    process.exit(1);
  }
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
const ratio = (part: number, whole: number) => `${part} / ${whole} (${percent(whole === 0 ? 0 : part / whole)})`;
const MINUTE = 60_000;
/** A theme of the first result whose evidence carried over: one theme of the second holds at least this share of it. */
const CARRIED = 0.5;

/** A result and its themes' full evidence by theme id: the result lists at most 50 ids a theme. */
interface Run {
  result: InsightsResult;
  evidence: Map<string, Set<string>>;
}

async function run(items: LabelledSet['entries'], glm: FakeGlm, memo: ChunkMemo, now: Date, previous?: InsightsResult): Promise<Run> {
  const feedback = items.map((e) => e.item);
  const evidence = new Map<string, Set<string>>();
  const result = await generateInsights({
    source: arraySource(feedback),
    provider: new GlmProvider({ apiKey: 'bench-key', baseUrl: glm.url, model: 'glm-4.5' }),
    embedder: new GlmEmbeddingProvider({ apiKey: 'bench-key', baseUrl: glm.url }),
    memo,
    statistics: statsFor(feedback),
    // The service passes the previous result and its theme names; identity never reads the names.
    ...(previous ? { history: { previous } } : {}),
    options: {
      namingSample: DEFAULT_GENERATE_OPTIONS.namingSample,
      now: () => now,
      ...(previous ? { knownThemes: previous.themes.map((t) => t.name) } : {}),
    },
    evidence: (themes) => {
      for (const t of themes) evidence.set(t.id, new Set(t.feedbackIds.map((id) => id.toLowerCase())));
    },
  });
  return { result, evidence };
}

/**
 * The share of theme `a`'s entries (by id, in the first run) that theme `b` (in the second)
 * holds, counted exactly from both runs' full evidence: the matcher sees only `a`'s listed ids, a
 * sample of at most 50, and an estimate from both results' lists is too coarse to judge a small
 * theme inside a large one.
 */
function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let held = 0;
  for (const id of a) if (b.has(id)) held++;
  return a.size === 0 ? 0 : held / a.size;
}

function fullEvidence(run: Run, id: string | undefined): ReadonlySet<string> {
  const ids = id === undefined ? undefined : run.evidence.get(id);
  if (!ids) throw new Error(`no evidence observed for theme ${id ?? '(without an id)'}`);
  return ids;
}

const stripIds = (result: InsightsResult): InsightsResult => ({
  ...result,
  themes: result.themes.map(({ id: _id, ...theme }) => theme),
});

const counts = (c: InsightsTrends['counts']) => `${c.new} / ${c.growing} / ${c.steady} / ${c.shrinking} / ${c.resolved}`;

interface RelabelRow {
  set: string;
  relabel: boolean;
  size: number;
  added: number;
  first: number;
  second: number;
  kept: number;
  carried: number;
  merged: number;
  lost: string[];
  keptByHolder: number;
  evidence: InsightsTrends;
  byName: InsightsTrends;
  relabelled: number;
}

async function relabelRun(setName: string, size: number, glm: FakeGlm, relabel: boolean): Promise<RelabelRow> {
  const added = Math.ceil((size * growth) / 100);
  // Entries are a minute apart and in order: the first `size` are the older ones, the rest arrive after the first result.
  const set = SETS[setName]!({ count: size + added, seed });
  const older = set.entries.slice(0, size);
  const createdAt = (i: number) => set.entries[i]!.item.createdAt.getTime();
  const memo = new InMemoryChunkMemo();
  glm.reset();
  const firstRun = await run(older, glm, memo, new Date(createdAt(size - 1) + MINUTE / 2));
  const first = firstRun.result;
  if (relabel) glm.addFaults([{ type: 'relabel', stage: 'reduce', times: 1_000_000 }]);
  const secondRun = await run(set.entries, glm, memo, new Date(createdAt(size + added - 1) + MINUTE), first);
  const second = secondRun.result;
  glm.reset();

  const firstNames = new Set(first.themes.map((t) => t.name.toLowerCase()));
  const relabelled = second.themes.filter((t) => !firstNames.has(t.name.toLowerCase())).length;
  const secondIds = new Map(second.themes.map((t) => [t.id, t]));
  let carried = 0;
  let keptByHolder = 0;
  let merged = 0;
  // A theme merged into another keeps no id of its own (the larger overlap keeps it), by design; the merge is recorded.
  const mergedAway = new Set<string | undefined>(second.trends!.merges.flatMap((m) => m.from.filter((id) => id !== m.into)));
  const lost: string[] = [];
  for (const theme of first.themes) {
    const own = fullEvidence(firstRun, theme.id);
    const holders = second.themes.map((t) => ({ t, share: containment(own, fullEvidence(secondRun, t.id)) })).sort((a, b) => b.share - a.share);
    const holder = holders[0];
    if (!holder || holder.share < CARRIED) continue;
    carried++;
    if (!secondIds.has(theme.id) && mergedAway.has(theme.id)) merged++;
    else if (!secondIds.has(theme.id)) {
      const heir = first.themes.find((t) => t.id === holder.t.id);
      const was = heir ? `which kept the id of "${heir.name}", ${heir.count} entries` : 'a new id';
      lost.push(
        `"${theme.name}" (${theme.id}, ${theme.count} entries): ${percent(holder.share)} of it is in "${holder.t.name}" (${holder.t.count} entries, ${was})`,
      );
    } else if (holder.t.id === theme.id) keptByHolder++;
  }
  return {
    set: setName,
    relabel,
    size,
    added,
    first: first.themes.length,
    second: second.themes.length,
    kept: first.themes.filter((t) => secondIds.has(t.id)).length,
    carried,
    merged,
    lost,
    keptByHolder,
    evidence: second.trends!,
    byName: compareResults(stripIds(second), stripIds(first)),
    relabelled,
  };
}

interface SplitRow {
  set: string;
  size: number;
  how: string;
  trials: number;
  detected: number;
  keeperKept: number;
  smallerTook: number;
  othersKept: number;
  themes: number;
}

/**
 * One theme's evidence parted 60/40 between two themes of the next result, the rest unchanged,
 * through the matcher. The themes are the set's planted ones with their full evidence, stored as
 * a result stores them (count and listed ids).
 */
function splitTrialsFor(setName: string, size: number, how: 'random' | 'newest'): SplitRow {
  const set = SETS[setName]!({ count: size, seed });
  const planted = [...set.truth.keys()];
  const full = planted.map((p) => set.entries.filter((e) => e.themes.includes(p)).map((e) => e.item.id));
  const previous: PreviousTheme[] = full.map((ids, i) => ({ id: `th_planted${i}`, count: ids.length, feedbackIds: listedIds(ids) }));
  const analysed = new Set(set.entries.map((e) => e.item.id.toLowerCase()));
  const rand = prng(seed + (how === 'random' ? 1 : 2));
  // A newest-entries split is the same every time for a theme: each theme is split once.
  const trials = how === 'random' ? splitTrials : full.length;
  const row: SplitRow = { set: setName, size, how, trials, detected: 0, keeperKept: 0, smallerTook: 0, othersKept: 0, themes: planted.length };
  for (let trial = 0; trial < trials; trial++) {
    const chosen = how === 'random' ? Math.floor(rand() * full.length) : trial;
    const ids = [...full[chosen]!];
    if (how === 'random') {
      for (let i = ids.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
    }
    // Entries are in creation order: "newest" parts off the last 40 %.
    const cut = Math.round(ids.length * 0.6);
    const current = full.map((list, i) => (i === chosen ? ids.slice(0, cut) : list));
    current.push(ids.slice(cut));
    const lineage = matchThemes({ current, previous, analysed });
    const oldId = previous[chosen]!.id;
    const larger = lineage.ids[chosen]!;
    const smaller = lineage.ids[current.length - 1]!;
    const split = lineage.splits.find((s) => s.from === oldId);
    if (split && split.into.length === 2 && split.into.includes(larger) && split.into.includes(smaller)) row.detected++;
    if (larger === oldId && smaller !== oldId) row.keeperKept++;
    if (smaller === oldId) row.smallerTook++;
    if (previous.every((p, i) => i === chosen || lineage.ids[i] === p.id)) row.othersKept++;
  }
  return row;
}

const fake = await startFakeGlm();
const relabelRows: RelabelRow[] = [];
const splitRows: SplitRow[] = [];
try {
  for (const setName of setNames) {
    for (const size of sizes) {
      relabelRows.push(await relabelRun(setName, size, fake, false), await relabelRun(setName, size, fake, true));
      splitRows.push(splitTrialsFor(setName, size, 'random'), splitTrialsFor(setName, size, 'newest'));
    }
  }
} finally {
  await fake.close();
}

console.log(`\n### Relabelled regeneration (seed ${seed}, +${growth} % new entries)\n`);
console.log(
  '| set | entries | second run | new entries | themes first / second | labels reworded | ids kept | themes whose evidence carried over | ... their id kept | ... by the theme holding it | ... merged away, recorded | ... lost | by evidence: new / growing / steady / shrinking / resolved | splits / merges | by name: new / growing / steady / shrinking / resolved |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of relabelRows) {
  console.log(
    `| ${r.set} | ${r.size.toLocaleString('en-US')} | ${r.relabel ? 'every label reworded' : 'labels as the model gives them'} | ${r.added} | ${r.first} / ${r.second} | ${ratio(r.relabelled, r.second)} | ${ratio(r.kept, r.first)} | ${ratio(
      r.carried,
      r.first,
    )} | ${ratio(r.carried - r.merged - r.lost.length, r.carried)} | ${ratio(r.keptByHolder, r.carried)} | ${ratio(r.merged, r.carried)} | ${ratio(
      r.lost.length,
      r.carried,
    )} | ${counts(r.evidence.counts)} | ${r.evidence.splits.length} / ${r.evidence.merges.length} | ${counts(r.byName.counts)} |`,
  );
}
for (const r of relabelRows.filter((row) => row.relabel)) {
  const e = r.evidence.counts;
  const n = r.byName.counts;
  console.log(
    `\n${r.set}, ${r.size.toLocaleString('en-US')}: by name: ${n.resolved} resolved, ${n.new} new, ${n.steady} steady, ${n.growing + n.shrinking} moved; ` +
      `by evidence: ${e.resolved} resolved, ${e.new} new, ${e.steady + e.growing} steady/growing, ${e.shrinking} shrinking.`,
  );
}

console.log(`\n### Splits 60/40 through the matcher (${splitTrials} random splits; the newest-entries split once per theme)\n`);
console.log('| set | entries | planted themes | 40 % part | split recorded | larger part keeps the id | smaller part takes it | other themes keep theirs |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const s of splitRows) {
  console.log(
    `| ${s.set} | ${s.size.toLocaleString('en-US')} | ${s.themes} | ${s.how === 'random' ? 'random entries' : 'newest entries'} | ${ratio(s.detected, s.trials)} | ${ratio(
      s.keeperKept,
      s.trials,
    )} | ${ratio(s.smallerTook, s.trials)} | ${ratio(s.othersKept, s.trials)} |`,
  );
}

for (const r of relabelRows.filter((row) => row.lost.length > 0)) {
  const run = r.relabel ? 'every label reworded' : 'labels as the model gives them';
  console.log(`\nLost in ${r.set}, ${r.size.toLocaleString('en-US')} (${run}): the evidence carried over, the id did not, no merge recorded:`);
  for (const line of r.lost) console.log(`- ${line}`);
}
if (relabelRows.some((r) => r.relabel && r.lost.length > 0)) process.exitCode = 1;
