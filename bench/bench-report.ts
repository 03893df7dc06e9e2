import type { FakeGlmStats } from '@insights/fake-glm';

export interface RunParams {
  databaseUrl: string;
  glmUrl: string;
  userId: string;
  projectId: string;
  maxFeedback: number;
  maxTokensPerRun: number;
}

/** What engine-run.ts prints: the run's own view of its cost. */
export interface RunOutput {
  analysed: number;
  total: number;
  sampled: boolean;
  llmCalls: number;
  memoHits: number;
  promptTokens: number;
  completionTokens: number;
  themes: number;
  /** Size of the result as stored and served (JSON), in kilobytes. */
  resultKb: number;
  wallMs: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/**
 * The row that prices one request to the old synchronous endpoint: one full generation of the
 * project as it is, under the service's defaults, with no cache and no chunk memo (the same
 * model bench:cost charges per read and bench:latency times). Every row is compared with it.
 */
export const OLD_ENDPOINT_KEY = 'a';

export interface ScenarioRow {
  key: string;
  label: string;
  run: RunOutput;
  /** The fake server's counters for this run alone. */
  fake: FakeGlmStats;
  /** For regenerations: the key of the full run they are compared with. */
  fullRunKey?: string;
}

const tokens = (r: RunOutput) => r.promptTokens + r.completionTokens;
const perEntry = (r: RunOutput) => tokens(r) / Math.max(1, r.analysed);
const n = (value: number) => value.toLocaleString('en-US');

function ratios(row: ScenarioRow, rows: ScenarioRow[]) {
  const oldEndpoint = rows.find((r) => r.key === OLD_ENDPOINT_KEY)!;
  const full = row.fullRunKey ? rows.find((r) => r.key === row.fullRunKey) : undefined;
  return {
    vsOldEndpoint: tokens(row.run) / tokens(oldEndpoint.run),
    ofFull: full ? (tokens(row.run) / tokens(full.run)) * 100 : undefined,
  };
}

/** A Markdown table, so the printed output can be pasted into the docs as it is. */
export function formatTable(rows: ScenarioRow[]): string {
  const header = [
    'scenario',
    'analysed / total',
    'wall ms',
    'peak RSS MB',
    'peak heap MB',
    'LLM calls (map/reduce/repair)',
    'prompt + completion tokens',
    'memo hits',
    'tokens / entry',
    '× one old-endpoint request (tokens)',
    '% of full run',
  ];
  const lines = rows.map((row) => {
    const { run, fake } = row;
    const { vsOldEndpoint, ofFull } = ratios(row, rows);
    const stages = `${fake.byStage.map}/${fake.byStage.reduce}/${fake.byStage.repair}`;
    return [
      `${row.key}. ${row.label}`,
      `${n(run.analysed)} / ${n(run.total)}${run.sampled ? ' (sample)' : ''}`,
      n(run.wallMs),
      n(run.peakRssMb),
      n(run.peakHeapMb),
      `${n(fake.calls)} (${stages})`,
      `${n(run.promptTokens)} + ${n(run.completionTokens)} = ${n(tokens(run))}`,
      n(run.memoHits),
      perEntry(run).toFixed(1),
      `${vsOldEndpoint.toFixed(2)}×`,
      ofFull === undefined ? '–' : `${ofFull.toFixed(1)} %`,
    ];
  });
  const rule = header.map(() => '---');
  return [header, rule, ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Plain-text conclusions: the figures a reader checks first. */
export function formatSummary(rows: ScenarioRow[], context: { count: number; seedMs: number; totalMs: number }): string {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const lines = ['Summary', `  data set: ${n(context.count)} entries, seeded in ${n(context.seedMs)} ms; whole benchmark ${n(context.totalMs)} ms`];
  for (const row of rows) {
    const { vsOldEndpoint, ofFull } = ratios(row, rows);
    const parts = [`${n(tokens(row.run))} tokens for ${n(row.run.analysed)} entries`, `${vsOldEndpoint.toFixed(2)}× one old-endpoint request`];
    if (ofFull !== undefined) parts.push(`${ofFull.toFixed(1)} % of run ${row.fullRunKey}`);
    parts.push(`peak RSS ${n(row.run.peakRssMb)} MB`, `result ${n(row.run.resultKb)} KB`);
    lines.push(`  ${row.key}. ${row.label}: ${parts.join(', ')}`);
  }
  const mismatched = rows.filter((r) => r.fake.calls !== r.run.llmCalls);
  if (mismatched.length > 0) {
    lines.push(`  note: engine and fake disagree on call counts in ${mismatched.map((r) => r.key).join(', ')}`);
  }
  const regen = byKey.get('c');
  if (regen?.fullRunKey) {
    const ofFull = ratios(regen, rows).ofFull!;
    lines.push(`  regeneration after +1 % (whole project): ${ofFull.toFixed(1)} % of the full run (target < 10 %)`);
  }
  return lines.join('\n');
}
