import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import PDFDocument from 'pdfkit';
import type { InsightsResult, ResultTheme } from '@insights/engine';

export const EXPORT_FORMATS = ['csv', 'md', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One stored result and what names it: when it was made, by which model, from which input. */
export interface ExportSnapshot {
  projectName: string;
  result: InsightsResult;
  /** The cache key: a hash of scope, filters, feedback generation and prompt version. */
  fingerprint: string;
  filters: { startDate?: string; endDate?: string; category?: string };
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

const SECTIONS: [string, (r: InsightsResult) => ResultTheme[]][] = [
  ['pain_point', (r) => r.painPoints],
  ['feature_request', (r) => r.featureRequests],
  ['praise', (r) => r.praise],
  ['theme', (r) => r.themes.filter((t) => t.kind === 'other')],
];

const share = (count: number, result: InsightsResult) =>
  result.coverage.analysed > 0 ? Math.round((1000 * count) / result.coverage.analysed) / 10 : 0;

const scopeText = (s: ExportSnapshot) =>
  [s.filters.startDate && `from ${s.filters.startDate}`, s.filters.endDate && `to ${s.filters.endDate}`, s.filters.category && `category ${s.filters.category}`]
    .filter(Boolean)
    .join(', ') || 'all feedback';

/** A file name that says which snapshot it holds: project, then generatedAt. */
export function exportFileName(snapshot: ExportSnapshot, format: ExportFormat): string {
  const project = snapshot.projectName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'project';
  return `insights-${project}-${snapshot.result.generatedAt.replace(/[:.]/g, '-')}.${format}`;
}

/**
 * CSV, one row per theme and recommendation. The first rows (section `snapshot`) name the
 * snapshot, so a file passed around on its own still says what it is.
 */
export function csvExport(s: ExportSnapshot): Readable {
  const csv = stringify({
    header: true,
    columns: ['section', 'name', 'kind', 'count', 'share_pct', 'sentiment', 'priority', 'summary', 'quotes'],
  });
  const { result } = s;
  const meta = (name: string, value: string | number) => csv.write({ section: 'snapshot', name, summary: String(value) });
  meta('project', s.projectName);
  meta('generated_at', result.generatedAt);
  meta('model', `${result.provider}/${result.model}`);
  meta('prompt_version', result.promptVersion);
  meta('fingerprint', s.fingerprint);
  meta('scope', scopeText(s));
  meta('feedback_analysed', `${result.coverage.analysed} of ${result.coverage.totalFeedback}`);
  for (const [section, pick] of SECTIONS) {
    for (const theme of pick(result)) {
      csv.write({
        section,
        name: theme.name,
        kind: theme.kind,
        count: theme.count,
        share_pct: share(theme.count, result),
        sentiment: theme.sentiment ?? '',
        summary: theme.summary,
        quotes: theme.quotes.join(' | '),
      });
    }
  }
  for (const rec of result.recommendationsDetailed) {
    csv.write({ section: 'recommendation', name: rec.title, priority: rec.priority, summary: rec.description, quotes: rec.themes.join(' | ') });
  }
  csv.end();
  return csv;
}

function* markdownLines(s: ExportSnapshot): Generator<string> {
  const { result } = s;
  yield `# Insights: ${s.projectName}\n\n`;
  yield `- Generated: ${result.generatedAt}\n- Model: ${result.provider}/${result.model} (prompt ${result.promptVersion})\n`;
  yield `- Input fingerprint: \`${s.fingerprint}\`\n- Scope: ${scopeText(s)}; ${result.coverage.analysed} of ${result.coverage.totalFeedback} feedback analysed\n\n`;
  yield `## Summary\n\n${result.summary}\n\n`;
  const stats = result.statistics;
  yield `Average rating ${stats.averageRating}; ${stats.positivePercentage}% positive, ${stats.negativePercentage}% negative.\n\n`;
  const titles: Record<string, string> = { pain_point: 'Pain points', feature_request: 'Feature requests', praise: 'Praise', theme: 'Other themes' };
  for (const [section, pick] of SECTIONS) {
    const themes = pick(result);
    if (themes.length === 0) continue;
    yield `## ${titles[section]}\n\n`;
    for (const theme of themes) {
      yield `### ${theme.name} (${theme.count}, ${share(theme.count, result)}%)\n\n${theme.summary}\n\n`;
      for (const quote of theme.quotes) yield `> ${quote.replace(/\s+/g, ' ')}\n\n`;
    }
  }
  if (result.recommendationsDetailed.length > 0) {
    yield '## Recommendations\n\n';
    for (const [i, rec] of result.recommendationsDetailed.entries()) yield `${i + 1}. **${rec.title}** (${rec.priority}): ${rec.description}\n`;
    yield '\n';
  }
}

export function markdownExport(s: ExportSnapshot): Readable {
  return Readable.from(markdownLines(s));
}

/** A printable PDF, written page by page as the document streams out. */
export function pdfExport(s: ExportSnapshot): Readable {
  const { result } = s;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Insights: ${s.projectName}`, CreationDate: new Date(result.generatedAt) } });
  doc.fontSize(20).text(`Insights: ${s.projectName}`);
  doc.moveDown(0.5).fontSize(9).fillColor('#555555');
  doc.text(`Generated ${result.generatedAt} by ${result.provider}/${result.model} (prompt ${result.promptVersion})`);
  doc.text(`Input fingerprint ${s.fingerprint}`);
  doc.text(`Scope: ${scopeText(s)}; ${result.coverage.analysed} of ${result.coverage.totalFeedback} feedback analysed`);
  doc.moveDown().fillColor('#000000').fontSize(14).text('Summary');
  doc.fontSize(10).text(result.summary);
  const titles: Record<string, string> = { pain_point: 'Pain points', feature_request: 'Feature requests', praise: 'Praise', theme: 'Other themes' };
  for (const [section, pick] of SECTIONS) {
    const themes = pick(result);
    if (themes.length === 0) continue;
    doc.moveDown().fontSize(14).text(titles[section]!);
    for (const theme of themes) {
      doc.moveDown(0.4).fontSize(11).text(`${theme.name} (${theme.count}, ${share(theme.count, result)}%)`);
      doc.fontSize(9).text(theme.summary);
      for (const quote of theme.quotes) doc.fillColor('#444444').text(`"${quote.replace(/\s+/g, ' ')}"`, { indent: 12 }).fillColor('#000000');
    }
  }
  if (result.recommendationsDetailed.length > 0) {
    doc.moveDown().fontSize(14).text('Recommendations');
    for (const [i, rec] of result.recommendationsDetailed.entries()) doc.fontSize(10).text(`${i + 1}. ${rec.title} (${rec.priority}): ${rec.description}`);
  }
  doc.end();
  return doc as unknown as Readable;
}
