import { describe, expect, it } from '@jest/globals';
import { buildDigest, renderThemeAlert, slackSafe } from './digest.js';
import type { ResultTheme } from './result.schema.js';

const NOW = new Date('2026-12-07T09:00:00Z');

function theme(id: string, name: string, weekly: { week: string; count: number }[], quotes: string[] = []): ResultTheme {
  return {
    id,
    name,
    summary: '',
    kind: 'pain_point',
    count: weekly.reduce((a, w) => a + w.count, 0),
    feedbackIds: [],
    feedbackIdsTruncated: false,
    quotes,
    weekly,
  };
}

const HOSTILE = '<!channel> *urgent* <https://evil.example|click here> & @here @everyone see https://evil.example/x';

describe('slackSafe', () => {
  it('leaves no mention, link or entity a Slack client would act on', () => {
    const safe = slackSafe(HOSTILE);
    expect(safe).not.toMatch(/[<>]/);
    expect(safe).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(safe).not.toMatch(/@(here|channel|everyone)\b/);
    expect(safe).not.toContain('https://');
    expect(slackSafe('line one\n> quoted\n\nline two')).not.toContain('\n');
  });
});

describe('buildDigest', () => {
  const themes = [
    theme(
      'th_up00000001',
      'Checkout errors',
      [
        { week: '2026-11-23', count: 4 },
        { week: '2026-11-30', count: 19 },
      ],
      ['It fails at pay', 'Card declined twice', 'third quote'],
    ),
    theme(
      'th_down0000001',
      'Slow search',
      [
        { week: '2026-11-23', count: 15 },
        { week: '2026-11-30', count: 6 },
      ],
      ['Search takes ages'],
    ),
    theme('th_flat0000001', 'Login', [
      { week: '2026-11-23', count: 10 },
      { week: '2026-11-30', count: 10 },
    ]),
    theme('th_new00000001', HOSTILE, [{ week: '2026-11-30', count: 7 }], [HOSTILE, 'fine']),
  ];

  it('lists the movers of the last full week, biggest first, the new themes, and two quotes each', () => {
    const digest = buildDigest({ projectName: 'Shop', themes, trends: undefined, now: NOW });
    expect(digest.weekOf).toBe('2026-11-30');
    expect(digest.movers.map((m) => [m.themeId, m.lastWeek, m.weekBefore])).toEqual([
      ['th_up00000001', 19, 4],
      ['th_down0000001', 6, 15],
    ]);
    expect(digest.movers[0]!.quotes).toEqual(['It fails at pay', 'Card declined twice']);
    expect(digest.newThemes.map((t) => t.themeId)).toEqual(['th_new00000001']);
    expect(digest.text).toContain('Checkout errors');
    expect(digest.text).toContain('Card declined twice');
    expect(digest.blocks.length).toBeGreaterThan(1);
  });

  it('escapes every theme name and quote in the text and blocks', () => {
    const digest = buildDigest({ projectName: '<!here> Shop', themes, trends: undefined, now: NOW });
    const rendered = JSON.stringify({ text: digest.text, blocks: digest.blocks });
    expect(rendered).not.toContain('<!');
    expect(rendered).not.toContain('<https');
    expect(rendered).not.toMatch(/@(here|channel|everyone)\b/);
  });
});

describe('renderThemeAlert', () => {
  it('escapes the theme name and quotes, and carries the facts under insights', () => {
    const message = renderThemeAlert({
      projectId: '00000000-0000-4000-8000-000000000001',
      projectName: 'Shop & co',
      theme: theme('th_new00000001', HOSTILE, [{ week: '2026-11-30', count: 30 }], [HOSTILE]),
      alert: { themeId: 'th_new00000001', kind: 'spike', week: '2026-11-30', count: 30, details: { by: ['count'], baselineMean: 5 } },
    }) as { text: string; blocks: unknown[]; insights: Record<string, unknown> };
    const rendered = JSON.stringify({ text: message.text, blocks: message.blocks });
    expect(rendered).not.toContain('<!');
    expect(rendered).not.toMatch(/@(here|channel|everyone)\b/);
    expect(message.text).toContain('Shop &amp; co');
    expect(message.insights).toMatchObject({ event: 'theme.spike', themeId: 'th_new00000001', week: '2026-11-30', count: 30 });
  });
});
