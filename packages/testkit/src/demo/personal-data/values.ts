import { prng } from '@insights/engine';

/**
 * Personal data values in the formats customers really type them, generated from their
 * published structure (numbering plans, card ranges, IBAN layouts) so every value is a real,
 * checksum-valid one. The generators compute their own check digits: the redactor under test
 * uses other code (libphonenumber-js, card-validator, ibantools) and is never asked.
 */

export type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const digits = (rng: Rng, n: number, first = '0123456789') => pick(rng, [...first]) + Array.from({ length: n - 1 }, () => Math.floor(rng() * 10)).join('');

// ---- e-mail addresses ----------------------------------------------------------------------

const LOCALS = [
  'jane.doe',
  'j.smith+billing',
  'mike_o',
  'anna-lena.koch',
  'support+ticket-4821',
  'Peter.Miller',
  'x7.qa',
  'jürgen.weiß',
  'françois.dupont',
  'maría.garcía',
  '用户',
  'tanaka.taro',
  'o.reilly',
  'first.last+newsletter',
  'priya.sharma91',
  'joão.silva',
  'admin',
  'zoë+shop',
  'li.wei',
  'kim_minjun',
];
const DOMAINS = [
  'example.com',
  'mail.example.co.uk',
  'gmail.com',
  'outlook.de',
  'müller-bau.de',
  'exemple.fr',
  'empresa.com.br',
  'company.co.jp',
  'startup.io',
  'uni-heidelberg.de',
  'post.example.museum',
  '例え.jp',
  'пример.рф',
  'firma.photography',
  'sub.domain.example.org',
  'yahoo.co.in',
];

export function emails(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${LOCALS[i % LOCALS.length]}@${pick(rng, DOMAINS)}`);
}

// ---- phone numbers -------------------------------------------------------------------------

export interface PlantedPhone {
  value: string;
  /** The country whose national format it is; undefined: written internationally (+CC). */
  country?: string;
}

type PhoneFormat = (rng: Rng) => PlantedPhone;

const US_AREAS = ['212', '415', '646', '312', '617', '206', '305', '512', '303', '404', '713', '202'];
const usParts = (rng: Rng) => [pick(rng, US_AREAS), digits(rng, 3, '23456789'), digits(rng, 4)] as const;
const ukMobile = (rng: Rng) => `7${pick(rng, ['400', '500', '852', '800', '900', '911', '723', '956'])}${digits(rng, 6)}`;
const deMobile = (rng: Rng) => `1${pick(rng, ['51', '60', '70', '71', '72', '76', '52', '57'])}${digits(rng, 8, '123456789')}`;
const frMobile = (rng: Rng) => {
  const prefix = pick(rng, ['6', '6', '75', '76', '78']);
  return `${prefix}${digits(rng, 9 - prefix.length)}`;
};
const inMobile = (rng: Rng) => `${pick(rng, ['98', '97', '96', '94', '99', '91', '88', '70'])}${digits(rng, 8)}`;
const brMobile = (rng: Rng) => `9${pick(rng, ['1', '6', '8', '9'])}${digits(rng, 7)}`;
const jpMobile = (rng: Rng) => `${pick(rng, ['90', '80', '70'])}${digits(rng, 8, '123456789')}`;
const group = (s: string, sizes: number[], sep: string) => {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) out.push(s.slice(at));
  return out.join(sep);
};

const PHONE_FORMATS: PhoneFormat[] = [
  // United States
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `(${a}) ${b}-${c}`, country: 'US' };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `${a}-${b}-${c}`, country: 'US' };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `${a}.${b}.${c}`, country: 'US' };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `1 (${a}) ${b}-${c}`, country: 'US' };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `+1 ${a} ${b} ${c}` };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `+1-${a}-${b}-${c}` };
  },
  (r) => {
    const [a, b, c] = usParts(r);
    return { value: `+1${a}${b}${c}` };
  },
  // United Kingdom
  (r) => ({ value: `020 7${digits(r, 3)} ${digits(r, 4)}`, country: 'GB' }),
  (r) => ({ value: `+44 20 3${digits(r, 3)} ${digits(r, 4)}` }),
  (r) => ({ value: `+44 (0)20 7${digits(r, 3)} ${digits(r, 4)}` }),
  (r) => ({ value: group(`0${ukMobile(r)}`, [5], ' '), country: 'GB' }),
  (r) => ({ value: `+44 ${group(ukMobile(r), [4], ' ')}` }),
  (r) => ({ value: `0161 ${digits(r, 3, '23456789')} ${digits(r, 4)}`, country: 'GB' }),
  // Germany
  (r) => ({ value: `030 ${digits(r, 8, '123456789')}`, country: 'DE' }),
  (r) => ({ value: `030/${digits(r, 7, '2345678')}`, country: 'DE' }),
  (r) => ({ value: `+49 30 ${digits(r, 8, '123456789')}` }),
  (r) => ({ value: `+49 (0)89 ${digits(r, 8, '123456789')}` }),
  (r) => ({ value: group(`0${deMobile(r)}`, [4], ' '), country: 'DE' }),
  (r) => ({ value: `+49 ${group(deMobile(r), [3], ' ')}` }),
  (r) => ({ value: group(`0${deMobile(r)}`, [4], '-'), country: 'DE' }),
  // France
  (r) => ({ value: group(`01${digits(r, 8)}`, [2, 2, 2, 2, 2], ' '), country: 'FR' }),
  (r) => ({ value: group(`0${frMobile(r)}`, [2, 2, 2, 2, 2], ' '), country: 'FR' }),
  (r) => ({ value: group(`0${frMobile(r)}`, [2, 2, 2, 2, 2], '.'), country: 'FR' }),
  (r) => ({ value: `+33 ${group(frMobile(r), [1, 2, 2, 2, 2], ' ')}` }),
  (r) => ({ value: `+33 (0)${group(frMobile(r), [1, 2, 2, 2, 2], ' ')}` }),
  // India
  (r) => ({ value: group(inMobile(r), [5], ' '), country: 'IN' }),
  (r) => ({ value: `0${group(inMobile(r), [5], ' ')}`, country: 'IN' }),
  (r) => ({ value: `+91 ${group(inMobile(r), [5], ' ')}` }),
  (r) => ({ value: `+91-${group(inMobile(r), [5], '-')}` }),
  (r) => ({ value: `011 2${digits(r, 3)} ${digits(r, 4)}`, country: 'IN' }),
  // Brazil
  (r) => {
    const m = brMobile(r);
    return { value: `(11) ${m.slice(0, 5)}-${m.slice(5)}`, country: 'BR' };
  },
  (r) => ({ value: `(21) 2${digits(r, 3)}-${digits(r, 4)}`, country: 'BR' }),
  (r) => {
    const m = brMobile(r);
    return { value: `+55 11 ${m.slice(0, 5)}-${m.slice(5)}` };
  },
  (r) => {
    const m = brMobile(r);
    return { value: `+55 (21) ${m.slice(0, 5)}-${m.slice(5)}` };
  },
  // Japan
  (r) => ({ value: `03-${digits(r, 4, '123456789')}-${digits(r, 4)}`, country: 'JP' }),
  (r) => {
    const m = jpMobile(r);
    return { value: `0${m.slice(0, 2)}-${m.slice(2, 6)}-${m.slice(6)}`, country: 'JP' };
  },
  (r) => ({ value: `+81 3-${digits(r, 4, '123456789')}-${digits(r, 4)}` }),
  (r) => {
    const m = jpMobile(r);
    return { value: `+81 ${m.slice(0, 2)} ${m.slice(2, 6)} ${m.slice(6)}` };
  },
  // Elsewhere, international only
  (r) => ({ value: `+86 138 ${digits(r, 4)} ${digits(r, 4)}` }),
  (r) => ({ value: `+61 2 9${digits(r, 3)} ${digits(r, 4)}` }),
  (r) => ({ value: `+34 6${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}` }),
  (r) => ({ value: `+39 06 ${digits(r, 4, '123456789')} ${digits(r, 4)}` }),
  (r) => ({ value: `+7 495 ${digits(r, 3, '123456789')}-${digits(r, 2)}-${digits(r, 2)}` }),
  (r) => ({ value: `+52 55 ${digits(r, 4, '123456789')} ${digits(r, 4)}` }),
  (r) => ({ value: `+82 10-${digits(r, 4, '23456789')}-${digits(r, 4)}` }),
  (r) => ({ value: `+971 50 ${digits(r, 3)} ${digits(r, 4)}` }),
  (r) => ({ value: `+27 82 ${digits(r, 3)} ${digits(r, 4)}` }),
  (r) => ({ value: `+31 6 ${digits(r, 8, '12345')}` }),
];

export const PHONE_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP'] as const;

export function phones(rng: Rng, count: number): PlantedPhone[] {
  return Array.from({ length: count }, (_, i) => PHONE_FORMATS[i % PHONE_FORMATS.length]!(rng));
}

// ---- payment cards -------------------------------------------------------------------------

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

interface CardBrand {
  prefixes: string[];
  length: number;
  groups: number[];
}

const BRANDS: CardBrand[] = [
  { prefixes: ['4'], length: 16, groups: [4, 4, 4, 4] }, // Visa
  { prefixes: ['51', '52', '53', '54', '55', '2221', '2720', '2300'], length: 16, groups: [4, 4, 4, 4] }, // Mastercard
  { prefixes: ['34', '37'], length: 15, groups: [4, 6, 5] }, // American Express
  { prefixes: ['6011', '65', '644'], length: 16, groups: [4, 4, 4, 4] }, // Discover
  { prefixes: ['3528', '3589', '3530'], length: 16, groups: [4, 4, 4, 4] }, // JCB
  { prefixes: ['36', '38'], length: 14, groups: [4, 6, 4] }, // Diners Club
  { prefixes: ['62'], length: 16, groups: [4, 4, 4, 4] }, // UnionPay
  { prefixes: ['4'], length: 19, groups: [4, 4, 4, 4, 3] }, // Visa, 19 digits
];

export function cards(rng: Rng, count: number): string[] {
  const separators = [' ', '-', '', ' ', '-'];
  return Array.from({ length: count }, (_, i) => {
    const brand = BRANDS[i % BRANDS.length]!;
    const prefix = pick(rng, brand.prefixes);
    const number = luhnComplete(prefix + digits(rng, brand.length - prefix.length - 1));
    return group(number, brand.groups, separators[Math.floor(i / BRANDS.length) % separators.length]!);
  });
}

// ---- IBANs ---------------------------------------------------------------------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** BBAN layouts of countries whose IBAN has no national check digit beyond ISO 13616's own. */
const BBAN: Record<string, (rng: Rng) => string> = {
  DE: (r) => digits(r, 18),
  GB: (r) => Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + digits(r, 14),
  AT: (r) => digits(r, 16),
  CH: (r) => digits(r, 5) + Array.from({ length: 12 }, () => pick(r, [...'0123456789'])).join(''),
  IE: (r) => Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + digits(r, 14),
  LU: (r) => digits(r, 3) + Array.from({ length: 13 }, () => pick(r, [...ALNUM])).join(''),
  LI: (r) => digits(r, 5) + Array.from({ length: 12 }, () => pick(r, [...'0123456789'])).join(''),
  SE: (r) => digits(r, 20),
  DK: (r) => digits(r, 14),
  GR: (r) => digits(r, 7) + Array.from({ length: 16 }, () => pick(r, [...'0123456789'])).join(''),
  RO: (r) => Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + Array.from({ length: 16 }, () => pick(r, [...'0123456789'])).join(''),
  BG: (r) =>
    Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + digits(r, 6) + Array.from({ length: 8 }, () => pick(r, [...'0123456789'])).join(''),
  LT: (r) => digits(r, 16),
  LV: (r) => Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + Array.from({ length: 13 }, () => pick(r, [...'0123456789'])).join(''),
  CY: (r) => digits(r, 8) + Array.from({ length: 16 }, () => pick(r, [...'0123456789'])).join(''),
  SA: (r) => digits(r, 2) + Array.from({ length: 18 }, () => pick(r, [...'0123456789'])).join(''),
  AE: (r) => digits(r, 19),
  TR: (r) => digits(r, 5) + '0' + Array.from({ length: 16 }, () => pick(r, [...'0123456789'])).join(''),
  IL: (r) => digits(r, 19),
  QA: (r) => Array.from({ length: 4 }, () => pick(r, [...LETTERS])).join('') + Array.from({ length: 21 }, () => pick(r, [...'0123456789'])).join(''),
};

/** Published specimen IBANs of countries with national check digits (ES, FR, IT, NL, BE, ...). */
const SPECIMENS = [
  'FR14 2004 1010 0505 0001 3M02 606',
  'ES91 2100 0418 4502 0005 1332',
  'IT60 X054 2811 1010 0000 0123 456',
  'NL91 ABNA 0417 1643 00',
  'BE68 5390 0754 7034',
  'PL61 1090 1014 0000 0712 1981 2874',
  'NO93 8601 1117 947',
  'FI21 1234 5600 0007 85',
  'PT50 0002 0123 1234 5678 9015 4',
  'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
];

function mod97(numeric: string): number {
  let rest = 0;
  for (const ch of numeric) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}

function withCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = String(98 - mod97(rearranged)).padStart(2, '0');
  return `${country}${check}${bban}`;
}

export function ibans(rng: Rng, count: number): string[] {
  const countries = Object.keys(BBAN);
  return Array.from({ length: count }, (_, i) => {
    if (i % 4 === 3) return SPECIMENS[Math.floor(i / 4) % SPECIMENS.length]!;
    const country = countries[i % countries.length]!;
    const iban = withCheckDigits(country, BBAN[country]!(rng));
    // Printed in groups of four, as statements show it; every fifth one written compact.
    return i % 5 === 0 ? iban : iban.replace(/(.{4})(?=.)/g, '$1 ');
  });
}

// ---- IP addresses --------------------------------------------------------------------------

const octet = (r: Rng) => String(Math.floor(r() * 256));
const hextet = (r: Rng) => Math.floor(r() * 0x10000).toString(16);
const IP_FORMATS: ((r: Rng) => string)[] = [
  (r) => `203.0.113.${octet(r)}`,
  (r) => `192.168.${octet(r)}.${octet(r)}`,
  (r) => `10.${octet(r)}.${octet(r)}.${octet(r)}`,
  (r) => `${80 + Math.floor(r() * 100)}.${octet(r)}.${octet(r)}.${octet(r)}`,
  (r) => `172.${16 + Math.floor(r() * 16)}.${octet(r)}.${octet(r)}`,
  (r) => `2001:db8:${hextet(r)}:${hextet(r)}::${hextet(r)}`,
  (r) => `2a02:${hextet(r)}:${hextet(r)}:${hextet(r)}:${hextet(r)}:${hextet(r)}:${hextet(r)}:${hextet(r)}`,
  (r) => `fe80::${hextet(r)}:${hextet(r)}`,
  (r) => `::ffff:192.0.2.${octet(r)}`,
  () => '::1',
  (r) => `2600:1f18:${hextet(r)}::${hextet(r)}`.toUpperCase(),
];

export function ips(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, (_, i) => IP_FORMATS[i % IP_FORMATS.length]!(rng));
}

// ---- URLs carrying credentials or tokens ---------------------------------------------------

const token = (r: Rng, n = 24) => Array.from({ length: n }, () => pick(r, [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'])).join('');
const URL_FORMATS: ((r: Rng) => string)[] = [
  (r) => `https://app.example.com/reset-password?token=${token(r)}`,
  (r) => `https://admin:${token(r, 10)}@intranet.example.org/dashboard`,
  (r) => `https://api.example.com/v2/export?api_key=${token(r, 32)}&format=csv`,
  (r) => `https://bucket.s3.amazonaws.com/report.pdf?X-Amz-Credential=AKIA${token(r, 12)}&X-Amz-Signature=${token(r, 40)}`,
  (r) => `https://example.com/oauth/callback?code=${token(r, 20)}&state=${token(r, 8)}`,
  (r) => `https://example.com/#access_token=${token(r, 30)}&token_type=bearer`,
  (r) => `ftp://backup:${token(r, 8)}@files.example.net/dump.sql`,
  (r) => `http://shop.example.de/login?user=anna&password=${token(r, 10)}`,
  (r) => `https://files.example.com/download?id=42&sig=${token(r, 28)}`,
  (r) => `www.example.io/verify?email_token=${token(r, 16)}`,
  (r) => `https://example.com/share?auth=${token(r, 22)}`,
  (r) => `https://hooks.example.com/in?secret=${token(r, 18)}`,
  (r) => `https://app.example.com/magic-link?session=${token(r, 26)}&next=/home`,
];

export function tokenUrls(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, (_, i) => URL_FORMATS[i % URL_FORMATS.length]!(rng));
}

export { pick, digits, prng };
