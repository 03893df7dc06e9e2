import { ValidateBy, type ValidationOptions } from 'class-validator';

// A calendar date, or a date-time with seconds and an explicit zone: forms every client sends
// and `Date` parses the same everywhere (ISO week dates or basic formats do not).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** A real day: Date.parse would roll 2026-02-30 over to March, the round trip catches it. */
function realDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (ISO_DATE.test(value)) return realDay(value);
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return false;
  const [h, min, s, oh, om] = [m[2], m[3], m[4], m[7] ?? '0', m[8] ?? '0'].map(Number) as [number, number, number, number, number];
  return realDay(m[1]!) && h < 24 && min < 60 && s < 60 && oh < 24 && om < 60 && !Number.isNaN(Date.parse(value));
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a date (YYYY-MM-DD) or a date-time with seconds and a zone (YYYY-MM-DDTHH:MM:SSZ)`,
      },
    },
    options,
  );
}
