import type { KeysetCursor } from '@insights/db';
import { ValidationError } from '../common/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Postgres' text form of a timestamp without time zone, up to microseconds.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** The shape alone lets 2026-13-45 99:99:99 through, and Postgres would fail on the cast. */
function realTimestamp(value: string): boolean {
  const iso = `${value.replace(' ', 'T').slice(0, 23)}Z`;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19);
}

export function encodeCursor(cursor: KeysetCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url') : null;
}

export function decodeCursor(value: string): KeysetCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && UUID.test(id) && typeof createdAt === 'string' && PG_TIMESTAMP.test(createdAt) && realTimestamp(createdAt)) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the uniform error below
  }
  throw new ValidationError('cursor is invalid: pass nextCursor from a previous page unchanged');
}
