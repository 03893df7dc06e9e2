import type { KeysetCursor } from '@insights/db';
import { ValidationError } from './app-error.js';

export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Postgres' text form of a timestamp without time zone, up to microseconds.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** The shape alone lets 2026-13-45 99:99:99 through, and Postgres would fail on the cast. */
function realTimestamp(value: string): boolean {
  const iso = `${value.replace(' ', 'T').slice(0, 23)}Z`;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === iso.slice(0, 19);
}

/** An opaque page cursor: a (created_at, id) position, base64url-encoded. */
export function encodeCursor(cursor: KeysetCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url') : null;
}

/** The position a cursor names; 400 for anything not made by encodeCursor with such an id. */
export function decodeCursor(value: string, idPattern: RegExp = UUID_ID): KeysetCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && idPattern.test(id) && typeof createdAt === 'string' && PG_TIMESTAMP.test(createdAt) && realTimestamp(createdAt)) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the uniform error below
  }
  throw new ValidationError('cursor is invalid: pass nextCursor from a previous page unchanged');
}
