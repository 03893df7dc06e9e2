import type { FeedbackItem } from '@insights/engine';
import { uuidFrom } from '../feedback-fixtures.js';
import { DEMO_THEMES, LONG_TAIL, prng, type DemoTheme } from './demo-feedback.js';

/**
 * The demo's planted themes made explicit: what each is about, how a label that names it reads,
 * and the harder shapes of the same feedback (short, translated) a real project also gets.
 */
export interface PlantedTheme {
  /** The theme's id in its set's `themes` tags: for the demo, its name in `DEMO_THEMES`, or its subject's own id. */
  id: string;
  /** The demo theme it comes from, as in `DEMO_THEMES` and the demo rows' `metadata.theme`. */
  demoTheme?: string;
  /** For a demo theme that asks for or praises several things: the index of its one subject. */
  demoSubject?: number;
  /** What a product manager would call it. */
  subject: string;
  /** A theme label names the subject when it matches this. */
  names: RegExp;
  /** Terse entries about the same subject. */
  short: string[];
  /** The same subject in other languages, Latin and non-Latin scripts. */
  translated: string[];
}

type Subject = Omit<PlantedTheme, 'demoTheme' | 'demoSubject'>;

// One planted theme per subject of a demo theme whose entries each ask for, or praise, one of
// several things (dark mode, a Slack integration...): one theme names one subject.
const subjects = (demoTheme: string, list: Subject[]): PlantedTheme[] => list.map((s, demoSubject) => ({ ...s, demoTheme, demoSubject }));
const whole = (s: Subject): PlantedTheme => ({ ...s, demoTheme: s.id });

export const PLANTED_THEMES: readonly PlantedTheme[] = [
  whole({
    id: 'export-bug',
    subject: 'Export failures',
    names: /export/i,
    short: ['Export broken.', 'CSV export fails again', 'PDF export: empty file'],
    translated: [
      'Der CSV-Export bricht jedes Mal ab.',
      'La exportación a PDF siempre falla.',
      'CSVのエクスポートが毎回失敗します。',
      'Экспорт в CSV не работает.',
    ],
  }),
  whole({
    id: 'performance',
    subject: 'Slow performance',
    names: /slow|speed|performance|lag|load|freez|forever/i,
    short: ['So slow.', 'Dashboard lags', 'Search is slow'],
    translated: ["Le tableau de bord est d'une lenteur terrible.", 'Die Suche ist extrem langsam.', '仪表板加载太慢了。', 'لوحة التحكم بطيئة جدا.'],
  }),
  whole({
    id: 'pricing',
    subject: 'Pricing',
    names: /pric|expensive|cost|billing|plan\b|seat/i,
    short: ['Too expensive.', 'Pricing is confusing', 'Per-seat billing, no thanks'],
    translated: ['El precio es demasiado alto para un equipo pequeño.', '料金が高すぎます。', 'Цена слишком высокая.'],
  }),
  ...subjects('praise', [
    {
      id: 'praise-interface',
      subject: 'Praise for the clean interface',
      names: /interface/i,
      short: ['Clean interface, thanks', 'Love the interface!'],
      translated: ["J'adore l'interface, très claire.", '界面很简洁。'],
    },
    {
      id: 'praise-charts',
      subject: 'Praise for the sentiment charts',
      names: /chart/i,
      short: ['Love the charts!', 'Charts are great'],
      translated: ['Die Diagramme sind großartig!', 'Графики отличные.'],
    },
    {
      id: 'praise-setup',
      subject: 'Praise for the easy setup',
      names: /setup|set up/i,
      short: ['Setup was so easy', 'Easy setup!'],
      translated: ['La configuración fue muy fácil.', '設定がとても簡単でした。'],
    },
    {
      id: 'praise-support',
      subject: 'Praise for the support team',
      names: /support/i,
      short: ['Support team is great', 'Great support!'],
      translated: ['サポートチームが素晴らしい。', "L'équipe support est top."],
    },
  ]),
  ...subjects('feature-request', [
    {
      id: 'request-slack',
      subject: 'Slack integration',
      names: /slack/i,
      short: ['Slack integration?', 'Need Slack notifications'],
      translated: ['Bitte eine Slack-Integration anbieten.', 'Slack連携が欲しいです。'],
    },
    {
      id: 'request-dark-mode',
      subject: 'Dark mode',
      names: /dark/i,
      short: ['Dark mode please', 'Dark mode!'],
      translated: ['Por favor, añadan modo oscuro.', 'ダークモードを追加してください。', 'Добавьте тёмную тему, пожалуйста.'],
    },
    {
      id: 'request-tags',
      subject: 'Custom tags',
      names: /tag/i,
      short: ['Need custom tags', 'Custom tags would help'],
      translated: ['Des tags personnalisés, svp.', '希望支持自定义标签。'],
    },
    {
      id: 'request-export-api',
      subject: 'An API for exports',
      names: /api/i,
      short: ['An export API please', 'API for exports?'],
      translated: ['Eine API für Exporte wäre super.', 'エクスポート用のAPIが欲しい。'],
    },
  ]),
  whole({
    id: 'onboarding',
    subject: 'Onboarding and documentation',
    names: /onboard|setup|setting up|set up|document|docs|invit|widget/i,
    short: ['Docs unclear.', 'Onboarding was confusing', 'Widget setup is hard'],
    translated: ['La documentation manque d’exemples.', '新手引导太复杂了。'],
  }),
  whole({
    id: 'login',
    subject: 'Login problems',
    names: /log ?in|logging|sign|password|auth|two-factor|sso/i,
    short: ["Can't log in.", 'Password reset broken', 'SSO loops'],
    translated: ['Ich werde ständig ausgeloggt.', 'ログインできません。', 'لا أستطيع تسجيل الدخول.'],
  }),
];

/** How an entry was made, so a report can say which kinds of entry an analyser gets wrong. */
export type EntryShape = 'plain' | 'near-duplicate' | 'mixed' | 'short' | 'long' | 'translated' | 'typo' | 'unthemed';

export interface LabelledEntry {
  item: FeedbackItem;
  /** Planted theme ids the entry carries: none for unthemed chatter, two for a mixed entry. */
  themes: string[];
  shape: EntryShape;
}

export interface LabelledSet {
  /** The themes planted in this set: what the scorer looks for. */
  planted: readonly PlantedTheme[];
  entries: LabelledEntry[];
  /** Entries carrying each planted theme (a mixed entry counts for both of its themes). */
  truth: Map<string, number>;
}

// Feedback about nothing in particular: an analyser should leave it out of every theme.
const UNTHEMED = [
  'Used it for our team offsite.',
  'My manager suggested this tool.',
  'Second week of the trial.',
  'Tried it on my phone once.',
  'Just checking how this form works.',
];

// Shares of the harder shapes; the rest are plain demo sentences.
const SHAPES: readonly [EntryShape, number][] = [
  ['near-duplicate', 0.04],
  ['mixed', 0.06],
  ['short', 0.04],
  ['long', 0.03],
  ['translated', 0.03],
  ['unthemed', 0.04],
];

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The planted theme a demo sentence carries: its demo theme's, or its subject's when split. */
function plantedFor(theme: DemoTheme, subject: number): PlantedTheme {
  return PLANTED_THEMES.find((p) => p.demoTheme === theme.name && (p.demoSubject === undefined || p.demoSubject === subject))!;
}

function demoSentence(rand: () => number, theme: DemoTheme): { text: string; planted: PlantedTheme } {
  const opener = pick(rand, theme.openers);
  const subject = Math.floor(rand() * theme.subjects.length);
  return { text: `${opener} ${theme.subjects[subject]!} ${pick(rand, theme.details)}.`, planted: plantedFor(theme, subject) };
}

/** One of the planted themes of a demo theme, for its short and translated entries. */
function pickPlanted(rand: () => number, theme: DemoTheme): PlantedTheme {
  return pick(
    rand,
    PLANTED_THEMES.filter((p) => p.demoTheme === theme.name),
  );
}

function rollTheme(rand: () => number, except?: DemoTheme): DemoTheme {
  const themes = DEMO_THEMES.filter((t) => t !== except);
  let roll = rand() * themes.reduce((s, t) => s + t.weight, 0);
  return themes.find((t) => (roll -= t.weight) < 0) ?? themes[0]!;
}

function rollShape(rand: () => number): EntryShape {
  let roll = rand();
  for (const [shape, share] of SHAPES) if ((roll -= share) < 0) return shape;
  return 'plain';
}

/**
 * Deterministic labelled feedback in the demo's style: every entry tagged with the planted
 * theme(s) it carries, at the demo's frequencies, with near-duplicates, mixed-theme entries,
 * very short and very long ones, translations (including non-Latin scripts) and chatter.
 */
export function labelledFeedback(options: { count: number; seed: number }): LabelledSet {
  const rand = prng(options.seed);
  const entries: LabelledEntry[] = [];
  const truth = new Map<string, number>(PLANTED_THEMES.map((p) => [p.id, 0]));
  for (let i = 0; i < options.count; i++) {
    const theme = rollTheme(rand);
    let shape = rollShape(rand);
    if (shape === 'near-duplicate' && entries.length === 0) shape = 'plain';
    let text: string;
    let themes: string[];
    let rating = theme.ratings[0] + Math.floor(rand() * (theme.ratings[1] - theme.ratings[0] + 1));
    switch (shape) {
      case 'near-duplicate': {
        const original = entries[entries.length - 1 - Math.floor(rand() * Math.min(20, entries.length))]!;
        text = `${lowerFirst(original.item.text).replace(/\.$/, '')}!!`;
        themes = original.themes;
        rating = original.item.rating;
        break;
      }
      case 'mixed': {
        const [first, second] = [demoSentence(rand, theme), demoSentence(rand, rollTheme(rand, theme))];
        text = `${first.text} Also, ${lowerFirst(second.text)}`;
        themes = [first.planted.id, second.planted.id];
        break;
      }
      case 'short': {
        const planted = pickPlanted(rand, theme);
        text = pick(rand, planted.short);
        themes = [planted.id];
        break;
      }
      case 'long': {
        const filler = Array.from({ length: 15 + Math.floor(rand() * 30) }, () => pick(rand, LONG_TAIL));
        const sentence = demoSentence(rand, theme);
        filler.splice(Math.floor(rand() * filler.length), 0, sentence.text);
        text = filler.join(' ');
        themes = [sentence.planted.id];
        break;
      }
      case 'translated': {
        const planted = pickPlanted(rand, theme);
        text = pick(rand, planted.translated);
        themes = [planted.id];
        break;
      }
      case 'unthemed':
        text = pick(rand, UNTHEMED);
        themes = [];
        rating = 3 + Math.floor(rand() * 2);
        break;
      default: {
        const sentence = demoSentence(rand, theme);
        text = sentence.text;
        themes = [sentence.planted.id];
      }
    }
    for (const id of themes) truth.set(id, truth.get(id)! + 1);
    const sentiment = rating >= 4 ? 'positive' : rating <= 2 ? 'negative' : 'neutral';
    const item: FeedbackItem = {
      id: uuidFrom(`labelled-${options.seed}-${i}`),
      text,
      rating,
      category: themes.length === 0 ? 'other' : theme.category,
      sentiment,
      createdAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000),
    };
    entries.push({ item, themes, shape });
  }
  return { planted: PLANTED_THEMES, entries, truth };
}
