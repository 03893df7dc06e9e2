import { parseArgs } from 'node:util';
import {
  analyseOffline,
  arraySource,
  DEFAULT_GENERATE_OPTIONS,
  generateInsights,
  GlmEmbeddingProvider,
  GlmProvider,
  InMemoryChunkMemo,
  type InsightsResult,
} from '@insights/engine';
import { startFakeGlm } from '@insights/fake-glm';
import {
  bankingFeedback,
  everyCountWithin,
  labelledFeedback,
  meetsTargets,
  QUALITY_TARGETS,
  scoreThemes,
  statsFor,
  type LabelledSet,
  type QualityReport,
} from '@insights/testkit';
import { requireWholeNumbers } from './cli.js';
import { askQuality } from './ask-quality.js';

// How good the insights are, against feedback whose themes are planted and known: the offline
// analyser, and the map-reduce pipeline answered by the fake GLM (its merge and the counting in
// code decide the numbers whatever a model says). No database, no key, no network. Two labelled
// sets in unrelated vocabularies: the analytics demo's and a banking app's reviews.

const SETS = {
  demo: labelledFeedback,
  banking: bankingFeedback,
} as const satisfies Record<string, (options: { count: number; seed: number }) => LabelledSet>;
type SetName = keyof typeof SETS;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500,2000,5000' },
    seed: { type: 'string', default: '14' },
    // Which labelled sets to run, each at every size.
    sets: { type: 'string', default: 'demo,banking' },
    // Entries the model reads before the rest are assigned by embeddings; the service's default.
    'naming-sample': { type: 'string', default: String(DEFAULT_GENERATE_OPTIONS.namingSample) },
  },
});
const namingSample = Number(values['naming-sample']);
const sizes = values.sizes.split(',').map(Number);
const seed = Number(values.seed);
const setNames = values.sets.split(',').map((s) => s.trim());
for (const name of setNames) {
  if (!(name in SETS)) {
    console.error(`--sets: unknown set "${name}"; known: ${Object.keys(SETS).join(', ')}`);
    process.exit(2);
  }
}
requireWholeNumbers([['--seed', seed, 0, 2 ** 31], ['--naming-sample', namingSample, 0, 1_000_000], ...sizes.map((s) => ['--sizes', s, 50, 50_000] as const)]);

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const cell = (text: string) => text.replace(/\|/g, '\\|');
const meets = (ok: boolean) => (ok ? 'yes' : '**no**');

async function runPipeline(set: LabelledSet, glmUrl: string): Promise<InsightsResult> {
  const items = set.entries.map((e) => e.item);
  const provider = new GlmProvider({ apiKey: 'bench-key', baseUrl: glmUrl, model: 'glm-4.5' });
  // The service's default: past the naming sample, entries are assigned by the fake's embeddings.
  const embedder = new GlmEmbeddingProvider({ apiKey: 'bench-key', baseUrl: glmUrl });
  // The engine's defaults: the chunk size and cap the service runs with unless configured.
  return generateInsights({
    source: arraySource(items),
    provider,
    embedder,
    memo: new InMemoryChunkMemo(),
    statistics: statsFor(items),
    options: { namingSample },
  });
}

function themeTable(report: QualityReport): string {
  const lines = [
    '| planted theme | truth | matched theme | kind | count | error | names it | cited ids on theme | quotes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of report.planted) {
    const m = p.matched;
    if (!m) {
      lines.push(`| ${p.planted.subject} | ${p.truth} | **not found** | | | | | | |`);
      continue;
    }
    const t = m.theme;
    const quotes = t.quotes.map((q) => `“${clip(q, 50)}”`).join(' ');
    const dup = p.duplicates > 0 ? ` (+${p.duplicates} more)` : '';
    lines.push(
      `| ${p.planted.subject} | ${p.truth} | ${cell(t.name)}${dup} | ${t.kind} | ${t.count} | ${percent(p.countError!)} | ${
        p.labelNamesSubject ? 'yes' : '**no**'
      } | ${m.citedOnTheme}/${t.feedbackIds.length} | ${cell(quotes)} |`,
    );
  }
  const others = report.themes.filter((v) => !report.planted.some((p) => p.matched === v));
  for (const v of others) {
    const what = v.catchAll ? 'catch-all' : `duplicate of ${v.carrier!.subject}`;
    lines.push(`| (${what}) | | ${cell(v.theme.name)} | ${v.theme.kind} | ${v.theme.count} | | | | |`);
  }
  return lines.join('\n');
}

interface Row {
  set: string;
  analyser: string;
  size: number;
  report: QualityReport;
  summary: string;
}

function overallTable(rows: Row[]): string {
  const lines = [
    '| set | analyser | entries | recall | precision | mean / median / worst count error | labels naming the subject | in catch-all themes | cited ids on theme | quotes from own theme | non-Latin entries miscited | meets targets | every count within 10 % |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { set, analyser, size, report: r } of rows) {
    lines.push(
      `| ${set} | ${analyser} | ${size.toLocaleString('en-US')} | ${percent(r.recall)} | ${percent(r.precision)} | ${percent(r.meanCountError)} / ${percent(r.medianCountError)} / ${percent(
        r.maxCountError,
      )} | ${percent(r.labelsNamingSubject)} | ${percent(r.catchAllShare)} | ${percent(r.citedOnTheme)} | ${percent(r.quotesOnTheme)} | ${
        r.nonLatinMiscited
      } of ${r.nonLatinCited} cited | ${meets(meetsTargets(r))} | ${meets(everyCountWithin(r))} |`,
    );
  }
  return lines.join('\n');
}

// Fixed timing, 0 ms: this benchmark measures what the answers say, not how long they take.
const fake = await startFakeGlm();
const rows: Row[] = [];
// The offline analyser's result on each set at the largest size: the project's current themes when its questions are asked.
const askThemes = new Map<string, InsightsResult>();
try {
  for (const setName of setNames as SetName[]) {
    for (const size of sizes) {
      const set = SETS[setName]({ count: size, seed });
      const items = set.entries.map((e) => e.item);
      const offline = await analyseOffline({ source: arraySource(items), statistics: statsFor(items) });
      if (size === Math.max(...sizes)) askThemes.set(setName, offline);
      const pipeline = await runPipeline(set, fake.url);
      for (const [analyser, result] of [
        ['offline analyser', offline],
        ['pipeline + fake GLM', pipeline],
      ] as const) {
        const report = scoreThemes(result, set);
        rows.push({ set: setName, analyser, size, report, summary: result.summary });
        console.log(`\n### ${setName} set: ${analyser}, ${size.toLocaleString('en-US')} labelled entries (seed ${seed})\n`);
        console.log(`Summary: ${result.summary}\n`);
        console.log(themeTable(report));
      }
    }
  }
  await askQuality(
    setNames.map((name) => [name, SETS[name as SetName]({ count: Math.max(...sizes), seed }), askThemes.get(name)!]),
    fake.url,
  );
} finally {
  await fake.close();
}

console.log('\n### Overall\n');
console.log(overallTable(rows));
console.log(
  `\nTargets: recall ≥ ${percent(QUALITY_TARGETS.recall)}, median count error ≤ ${percent(QUALITY_TARGETS.countError)} (over every planted theme, one not found counting as 100 %), ` +
    `labels naming the subject ≥ ${percent(QUALITY_TARGETS.recall)}, at most ${percent(QUALITY_TARGETS.catchAllShare)} in catch-all themes, every quote from its own theme. ` +
    `The last column is the stricter rule: every planted theme found and each count within ${percent(QUALITY_TARGETS.countError)}.`,
);
