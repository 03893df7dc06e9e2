import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import PDFDocument from 'pdfkit';
import type { InsightsResult, ResultTheme } from '@insights/engine';
import { markdownText as md, pdfText as pdf } from './export-text.js';

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

const share = (count: number, result: InsightsResult) => (result.coverage.analysed > 0 ? Math.round((1000 * count) / result.coverage.analysed) / 10 : 0);

const scopeText = (s: ExportSnapshot) =>
  [s.filters.startDate && `from ${s.filters.startDate}`, s.filters.endDate && `to ${s.filters.endDate}`, s.filters.category && `category ${s.filters.category}`]
    .filter(Boolean)
    .join(', ') || 'all feedback';

/** A file name that says which snapshot it holds: project, then generatedAt. */
export function exportFileName(snapshot: ExportSnapshot, format: ExportFormat): string {
  const project =
    snapshot.projectName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'project';
  return `insights-${project}-${snapshot.result.generatedAt.replace(/[:.]/g, '-')}.${format}`;
}

/**
 * CSV, one row per theme and recommendation. The first rows (section `snapshot`) name the
 * snapshot, so a file passed around on its own still says what it is. A cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so spreadsheets show it
 * as text rather than run it as a formula (feedback is written by anyone with the widget).
 */
export function csvExport(s: ExportSnapshot): Readable {
  const csv = stringify({
    header: true,
    escape_formulas: true,
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

/**
 * Every text that comes from feedback, the model or the project's owner goes through `md`:
 * shown as written, never rendered as links, images, HTML, headings, lists or tables.
 */
function* markdownLines(s: ExportSnapshot): Generator<string> {
  const { result } = s;
  yield `# Insights: ${md(s.projectName)}\n\n`;
  yield `- Generated: ${result.generatedAt}\n- Model: ${md(`${result.provider}/${result.model}`)} (prompt ${md(result.promptVersion)})\n`;
  yield `- Input fingerprint: \`${s.fingerprint}\`\n- Scope: ${md(scopeText(s))}; ${result.coverage.analysed} of ${result.coverage.totalFeedback} feedback analysed\n\n`;
  yield `## Summary\n\n${md(result.summary)}\n\n`;
  const stats = result.statistics;
  yield `Average rating ${stats.averageRating}; ${stats.positivePercentage}% positive, ${stats.negativePercentage}% negative.\n\n`;
  const titles: Record<string, string> = { pain_point: 'Pain points', feature_request: 'Feature requests', praise: 'Praise', theme: 'Other themes' };
  for (const [section, pick] of SECTIONS) {
    const themes = pick(result);
    if (themes.length === 0) continue;
    yield `## ${titles[section]}\n\n`;
    for (const theme of themes) {
      yield `### ${md(theme.name)} (${theme.count}, ${share(theme.count, result)}%)\n\n${md(theme.summary)}\n\n`;
      for (const quote of theme.quotes) yield `> ${md(quote)}\n\n`;
    }
  }
  if (result.recommendationsDetailed.length > 0) {
    yield '## Recommendations\n\n';
    for (const [i, rec] of result.recommendationsDetailed.entries()) yield `${i + 1}. **${md(rec.title)}** (${rec.priority}): ${md(rec.description)}\n`;
    yield '\n';
  }
}

export function markdownExport(s: ExportSnapshot): Readable {
  return Readable.from(markdownLines(s));
}

/**
 * A printable PDF, written page by page as the document streams out. Text goes through `pdf`
 * (no controls or direction overrides); pdfkit draws it as plain text, adds no link annotations
 * unless asked, and breaks a run longer than a line inside the run.
 */
export function pdfExport(s: ExportSnapshot): Readable {
  const { result } = s;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Insights: ${pdf(s.projectName)}`, CreationDate: new Date(result.generatedAt) } });
  doc.fontSize(20).text(`Insights: ${pdf(s.projectName)}`);
  doc.moveDown(0.5).fontSize(9).fillColor('#555555');
  doc.text(`Generated ${result.generatedAt} by ${pdf(`${result.provider}/${result.model}`)} (prompt ${pdf(result.promptVersion)})`);
  doc.text(`Input fingerprint ${s.fingerprint}`);
  doc.text(`Scope: ${pdf(scopeText(s))}; ${result.coverage.analysed} of ${result.coverage.totalFeedback} feedback analysed`);
  doc.moveDown().fillColor('#000000').fontSize(14).text('Summary');
  doc.fontSize(10).text(pdf(result.summary));
  const titles: Record<string, string> = { pain_point: 'Pain points', feature_request: 'Feature requests', praise: 'Praise', theme: 'Other themes' };
  for (const [section, pick] of SECTIONS) {
    const themes = pick(result);
    if (themes.length === 0) continue;
    doc.moveDown().fontSize(14).text(titles[section]!);
    for (const theme of themes) {
      doc
        .moveDown(0.4)
        .fontSize(11)
        .text(`${pdf(theme.name)} (${theme.count}, ${share(theme.count, result)}%)`);
      doc.fontSize(9).text(pdf(theme.summary));
      for (const quote of theme.quotes)
        doc
          .fillColor('#444444')
          .text(`"${pdf(quote)}"`, { indent: 12 })
          .fillColor('#000000');
    }
  }
  if (result.recommendationsDetailed.length > 0) {
    doc.moveDown().fontSize(14).text('Recommendations');
    for (const [i, rec] of result.recommendationsDetailed.entries())
      doc.fontSize(10).text(`${i + 1}. ${pdf(rec.title)} (${rec.priority}): ${pdf(rec.description)}`);
  }
  doc.end();
  return doc as unknown as Readable;
}
