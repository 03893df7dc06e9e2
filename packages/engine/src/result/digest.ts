import type { ThemeAlert } from './alerts.js';
import type { InsightsTrends, ResultTheme } from './result.schema.js';
import { weekOf } from './weekly.js';
import { addWeeks } from './weeks.js';

/**
 * Slack-compatible messages built from feedback: theme alerts and the weekly digest. Theme names
 * and quotes come from customers' text (through the model), so every such value goes through
 * {@link slackSafe}; the same facts go unescaped, as data, under `insights`.
 */

/** Slack's three control characters, as it asks: `<…>` are links and mentions, `&` entities. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const ZERO_WIDTH_SPACE = '\u200b';
/** A quote or name is shown on one line and cut here: a message is a pointer, not the evidence. */
const MAX_TEXT = 280;

/**
 * Customer text made inert in mrkdwn: Slack's escaping, on one line (no block quotes or lists of
 * its own), with `@here`/`@channel`/`@everyone` broken by a zero-width space (a client that links
 * names would otherwise notify everyone) and `://` broken the same way, so a URL in a quote is
 * shown, not turned into a link. What a reader sees is unchanged.
 */
export function slackSafe(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
  return slackEscape(cut)
    .replace(/@(here|channel|everyone)\b/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replaceAll('://', `:${ZERO_WIDTH_SPACE}//`);
}

const quoted = (text: string) => `“${slackSafe(text)}”`;

type Block = Record<string, unknown>;
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

export interface ThemeAlertMessageInput {
  projectId: string;
  projectName: string;
  theme: Pick<ResultTheme, 'id' | 'name' | 'kind' | 'count' | 'quotes'>;
  alert: ThemeAlert;
}

/** One theme alert: a spike past the theme's baseline, or a new theme past its minimum size. */
export function renderThemeAlert({ projectId, projectName, theme, alert }: ThemeAlertMessageInput): object {
  const project = `“${slackSafe(projectName)}”`;
  const name = quoted(theme.name);
  const { details } = alert;
  const headline =
    alert.kind === 'spike'
      ? `Theme ${name} jumped to ${alert.count} entries in the week of ${alert.week} in project ${project}` +
        (details.baselineMean !== undefined ? ` (usually about ${details.baselineMean} a week)` : '')
      : `New theme ${name} in project ${project}: ${alert.count} entries`;
  const quotes = theme.quotes.slice(0, 2).map((q) => `> ${slackSafe(q)}`);
  const facts: string[] = [];
  if (alert.kind === 'spike' && details.by?.includes('share')) facts.push(`*Share of the week*\n${details.share}% (baseline ${details.baselineShare}%)`);
  return {
    text: headline,
    blocks: [
      section(`*${alert.kind === 'spike' ? 'Theme spike' : 'New theme'}*: ${headline}`),
      ...(facts.length ? [{ type: 'section', fields: facts.map((text) => ({ type: 'mrkdwn', text })) }] : []),
      ...(quotes.length ? [section(quotes.join('\n'))] : []),
    ],
    insights: {
      event: `theme.${alert.kind}`,
      projectId,
      themeId: alert.themeId,
      themeName: theme.name,
      kind: alert.kind,
      week: alert.week,
      count: alert.count,
      details,
      quotes: theme.quotes.slice(0, 2),
    },
  };
}

/** Movers shown in a digest, and how small a week-over-week change is left out. */
export const DIGEST_MOVERS = 5;
export const DIGEST_NEW_THEMES = 5;
/** A change of one or two entries is noise, not movement. */
export const DIGEST_MIN_CHANGE = 3;
const QUOTES_EACH = 2;

export interface DigestMover {
  themeId: string;
  name: string;
  kind: ResultTheme['kind'];
  lastWeek: number;
  weekBefore: number;
  change: number;
  quotes: string[];
}

export interface DigestNewTheme {
  themeId: string;
  name: string;
  kind: ResultTheme['kind'];
  count: number;
  quotes: string[];
}

export interface Digest {
  /** The Monday of the week it reports on: the last full week. */
  weekOf: string;
  text: string;
  blocks: Block[];
  movers: DigestMover[];
  newThemes: DigestNewTheme[];
}

export interface DigestInput {
  projectName: string;
  themes: readonly ResultTheme[];
  trends: InsightsTrends | undefined;
  now: Date;
}

/**
 * The weekly digest of a project's themes: the last full week against the week before (top
 * movers by the size of the change), the themes that are new (trend `new`, or first seen that
 * week), and two quotes of each.
 */
export function buildDigest({ projectName, themes, trends, now }: DigestInput): Digest {
  const week = addWeeks(weekOf(now), -1);
  const before = addWeeks(week, -1);
  const newByTrend = new Set((trends?.themes ?? []).filter((t) => t.status === 'new').map((t) => t.id ?? `name:${t.name}`));
  const newThemes: DigestNewTheme[] = [];
  const movers: DigestMover[] = [];
  for (const theme of themes) {
    if (!theme.id) continue;
    const weekly = theme.weekly ?? [];
    const at = (w: string) => weekly.filter((c) => c.week === w).reduce((a, c) => a + c.count, 0);
    const firstWeek = weekly
      .filter((c) => c.count > 0)
      .map((c) => c.week)
      .sort()[0];
    const quotes = theme.quotes.slice(0, QUOTES_EACH);
    const isNew = newByTrend.has(theme.id) || newByTrend.has(`name:${theme.name}`) || firstWeek === week;
    if (isNew) {
      newThemes.push({ themeId: theme.id, name: theme.name, kind: theme.kind, count: theme.count, quotes });
      continue;
    }
    const lastWeek = at(week);
    const weekBefore = at(before);
    const change = lastWeek - weekBefore;
    if (Math.abs(change) >= DIGEST_MIN_CHANGE) movers.push({ themeId: theme.id, name: theme.name, kind: theme.kind, lastWeek, weekBefore, change, quotes });
  }
  movers.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name));
  newThemes.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const shownMovers = movers.slice(0, DIGEST_MOVERS);
  const shownNew = newThemes.slice(0, DIGEST_NEW_THEMES);

  const project = `“${slackSafe(projectName)}”`;
  const title = `Weekly themes digest for project ${project}, week of ${week}`;
  const moverLine = (m: DigestMover) =>
    `• ${quoted(m.name)}: ${m.lastWeek} entries (${m.change > 0 ? '+' : ''}${m.change} on the week before)` +
    m.quotes.map((q) => `\n   > ${slackSafe(q)}`).join('');
  const newLine = (t: DigestNewTheme) => `• ${quoted(t.name)}: ${t.count} entries` + t.quotes.map((q) => `\n   > ${slackSafe(q)}`).join('');
  const moversText = shownMovers.length ? shownMovers.map(moverLine).join('\n') : 'No theme moved by more than a couple of entries.';
  const newText = shownNew.length ? shownNew.map(newLine).join('\n') : 'No new themes.';
  const text = `${title}\n\nTop movers\n${moversText}\n\nNew themes\n${newText}`;
  const blocks: Block[] = [section(`*${title}*`), section(`*Top movers*\n${moversText}`), section(`*New themes*\n${newText}`)];
  return { weekOf: week, text, blocks, movers: shownMovers, newThemes: shownNew };
}

/** The digest as a webhook message: Slack's text and blocks, and the digest's facts as data. */
export function digestMessage(projectId: string, digest: Digest): object {
  return {
    text: digest.text,
    blocks: digest.blocks,
    insights: { event: 'themes.digest', projectId, weekOf: digest.weekOf, movers: digest.movers, newThemes: digest.newThemes },
  };
}
