import { cards, digits, emails, ibans, ips, phones, pick, prng, tokenUrls, type Rng } from './values.js';

export type PersonalDataKind = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'url';

/** One feedback text with one planted value: `before + value + after`. */
export interface LabelledText {
  kind: PersonalDataKind;
  value: string;
  before: string;
  after: string;
  text: string;
  language: string;
  /** For national phone formats: the country whose plan it follows. */
  country?: string;
}

type Template = readonly [language: string, before: string, after: string];

/** Where customers put their details, in several languages; some carry a harmless number too. */
const TEMPLATES: Record<PersonalDataKind, readonly Template[]> = {
  email: [
    ['en', 'Please reply to ', ' about the export bug.'],
    ['en', 'My login is ', ' and the dashboard still fails (ticket #48213).'],
    ['de', 'Bitte antworten Sie an ', ', der Export bricht ab.'],
    ['fr', 'Contactez-moi à ', ' svp, la facture INV-2024-0042 est fausse.'],
    ['es', 'Escríbanme a ', ' por favor.'],
    ['ja', 'メール（', '）までご連絡ください。'],
    ['pt', 'Meu e-mail: ', '. Obrigado!'],
    ['en', 'cc ', ' — we upgraded to v3.2.1 yesterday'],
  ],
  phone: [
    ['en', 'Call me at ', ' if you need more details.'],
    ['en', 'Our office number is ', ', order 1049 is stuck since 2024-03-11.'],
    ['de', 'Rückruf bitte unter ', ' ab 14:30 Uhr.'],
    ['fr', 'Mon numéro : ', '. Merci de rappeler.'],
    ['es', 'Llámenme al ', ' cuando puedan.'],
    ['pt', 'Meu telefone é ', ', o app trava no login.'],
    ['ja', '電話番号は ', ' です。'],
    ['hi', 'Mera number ', ' hai, please call back.'],
  ],
  card: [
    ['en', 'You charged my card ', ' twice this month.'],
    ['en', 'Card number: ', ' exp 09/27, please refund $49.99.'],
    ['de', 'Meine Karte ', ' wurde doppelt belastet.'],
    ['fr', 'Ma carte ', ' a été débitée deux fois.'],
    ['es', 'Pagué con la tarjeta ', ' y no funcionó.'],
    ['ja', 'カード番号 ', ' で二重請求されました。'],
  ],
  iban: [
    ['en', 'Please refund to ', ' as soon as possible.'],
    ['de', 'Bitte überweisen Sie auf IBAN ', ' (Rechnung 2024-118).'],
    ['fr', 'Mon IBAN : ', '. Merci pour le remboursement.'],
    ['es', 'Mi cuenta es ', ', gracias.'],
    ['it', 'Il mio IBAN è ', ' per il rimborso di 29,90 €.'],
    ['nl', 'Graag terugstorten op ', '.'],
  ],
  ip: [
    ['en', 'Login fails from ', ' since the last update.'],
    ['en', 'Our server ', ' gets 502 errors from your API every 5 minutes.'],
    ['de', 'Zugriff von ', ' wird blockiert.'],
    ['fr', "L'adresse ", ' est bloquée par votre pare-feu.'],
    ['en', 'Whitelist [', '] please, build 20240115.3 broke it.'],
    ['es', 'Desde la IP ', ' no carga nada.'],
  ],
  url: [
    ['en', 'The link ', ' does not work anymore.'],
    ['en', 'I got this in the mail: ', ' and it shows a 404.'],
    ['de', 'Der Link ', ' ist abgelaufen.'],
    ['fr', 'Le lien (', ') ne marche pas.'],
    ['es', 'Este enlace: ', ', da error.'],
    ['ja', 'このリンク ', ' が開けません。'],
  ],
};

const PLANTED: Record<PersonalDataKind, number> = { email: 100, phone: 200, card: 80, iban: 80, ip: 66, url: 65 };

/**
 * The labelled set: 591 texts, one planted value each, across the six kinds, with national phone
 * formats of seven countries. Deterministic for a seed.
 */
export function personalDataSet(seed = 6): LabelledText[] {
  const rng = prng(seed);
  const values: [PersonalDataKind, string, string | undefined][] = [
    ...emails(rng, PLANTED.email).map((v) => ['email', v, undefined] as [PersonalDataKind, string, undefined]),
    ...phones(rng, PLANTED.phone).map((p) => ['phone', p.value, p.country] as [PersonalDataKind, string, string | undefined]),
    ...cards(rng, PLANTED.card).map((v) => ['card', v, undefined] as [PersonalDataKind, string, undefined]),
    ...ibans(rng, PLANTED.iban).map((v) => ['iban', v, undefined] as [PersonalDataKind, string, undefined]),
    ...ips(rng, PLANTED.ip).map((v) => ['ip', v, undefined] as [PersonalDataKind, string, undefined]),
    ...tokenUrls(rng, PLANTED.url).map((v) => ['url', v, undefined] as [PersonalDataKind, string, undefined]),
  ];
  return values.map(([kind, value, country], i) => {
    const [language, before, after] = TEMPLATES[kind][i % TEMPLATES[kind].length]!;
    return { kind, value, before, after, text: `${before}${value}${after}`, language, ...(country ? { country } : {}) };
  });
}

// ---- the clean set -------------------------------------------------------------------------

const hex = (r: Rng, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uuid = (r: Rng) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
const pad = (n: number) => String(n).padStart(2, '0');
const date = (r: Rng) =>
  new Date(
    Date.UTC(2023 + Math.floor(r() * 3), Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24), Math.floor(r() * 60), Math.floor(r() * 60)),
  );

/** Numbers and ids customers quote that are not personal data; each must come through unchanged. */
const CLEAN_VALUES: ((r: Rng) => string)[] = [
  (r) => `order #${digits(r, 5, '123456789')}`,
  (r) => `order ${digits(r, 9, '123456789')}`,
  (r) => `ORD-${2023 + Math.floor(r() * 3)}-${digits(r, 6)}`,
  (r) => `INV-${2023 + Math.floor(r() * 3)}-${digits(r, 6)}`,
  (r) => `invoice no. ${digits(r, 8, '123456789')}`,
  (r) => `v${1 + Math.floor(r() * 9)}.${Math.floor(r() * 30)}.${Math.floor(r() * 20)}`,
  (r) => `version ${1 + Math.floor(r() * 20)}.${Math.floor(r() * 10)}.${Math.floor(r() * 10)}-beta.${Math.floor(r() * 9)}`,
  (r) => `Chrome/${100 + Math.floor(r() * 30)}.0.${digits(r, 4, '123456789')}.${digits(r, 3, '123456789')}`,
  (r) => `Windows 10.0.${digits(r, 5, '12')}`,
  (r) => `build ${date(r).toISOString().slice(0, 10).replaceAll('-', '')}.${Math.floor(r() * 9)}`,
  (r) => `build #${digits(r, 4, '123456789')}`,
  (r) => date(r).toISOString().slice(0, 10),
  (r) => {
    const d = date(r);
    return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  },
  (r) => {
    const d = date(r);
    return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  },
  (r) => date(r).toISOString(),
  (r) => {
    const d = date(r);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  },
  (r) => String(Math.floor(date(r).getTime() / 1000)),
  (r) => String(date(r).getTime()),
  (r) => `$${Math.floor(r() * 3000).toLocaleString('en-US')}.${pad(Math.floor(r() * 100))}`,
  (r) => `${Math.floor(r() * 2000).toLocaleString('de-DE')},${pad(Math.floor(r() * 100))} €`,
  (r) => `¥${(Math.floor(r() * 90) * 1000 + 800).toLocaleString('en-US')}`,
  (r) => `R$ ${Math.floor(r() * 900)},${pad(Math.floor(r() * 100))}`,
  (r) => `${(r() * 100).toFixed(1)}%`,
  (r) => `${Math.floor(r() * 100)} %`,
  (r) => uuid(r),
  (r) => `1Z${hex(r, 6).toUpperCase()}${digits(r, 10)}`,
  (r) => `tracking ${digits(r, 4, '9')} ${digits(r, 4)} ${digits(r, 4)} ${digits(r, 4)} ${digits(r, 4)} ${digits(r, 2)}`,
  (r) => `${digits(r, 12, '123456789')}`,
  (r) => `error 0x${hex(r, 8)}`,
  (r) => `commit ${hex(r, 7)}`,
  (r) => `sha256:${hex(r, 64)}`,
  (r) => `https://docs.example.com/guides/export?page=${Math.floor(r() * 9)}&lang=en`,
  (r) => `https://example.com/changelog#v${Math.floor(r() * 9)}-${Math.floor(r() * 9)}`,
  () => `@support team`,
  (r) => `${Math.floor(r() * 500)} ms`,
  (r) => `${1 + Math.floor(r() * 64)} GB`,
  (r) => `ticket ${digits(r, 7, '123456789')}`,
  (r) => `SKU ${digits(r, 3, '123456789')}-${digits(r, 3)}-${digits(r, 3)}`,
  (r) => `port ${1024 + Math.floor(r() * 60000)}`,
  (r) => `${1 + Math.floor(r() * 12)}/${1 + Math.floor(r() * 28)}`,
  (r) => `ISBN 978-3-${digits(r, 5)}-${digits(r, 3)}-${digits(r, 1)}`,
  (r) => `case ${digits(r, 2, '123456789')}-${digits(r, 7)}`,
];

const CLEAN_TEMPLATES: readonly (readonly [string, string])[] = [
  ['The export for ', ' failed again.'],
  ['Since ', ' the dashboard is slow.'],
  ['We are on ', ' and search still lags.'],
  ['Refund for ', ' never arrived.'],
  ['Der Fehler tritt seit ', ' auf.'],
  ['Depuis la mise à jour (', "), l'application plante."],
  ['El pedido ', ' no ha llegado.'],
  ['更新（', '）以降、動作が遅いです。'],
  ['Charged ', ' although I cancelled.'],
  ['See ', ' for the details.'],
];

/** Texts with no personal data in them: 400 by default, each with one number or id. */
export function cleanSet(seed = 7, count = 400): string[] {
  const rng = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const [before, after] = CLEAN_TEMPLATES[i % CLEAN_TEMPLATES.length]!;
    const value = CLEAN_VALUES[i % CLEAN_VALUES.length]!(rng);
    const extra = i % 3 === 0 ? ` Also ${pick(rng, CLEAN_VALUES)(rng)}.` : '';
    return `${before}${value}${after}${extra}`;
  });
}
