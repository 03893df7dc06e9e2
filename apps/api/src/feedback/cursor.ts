import type { KeysetCursor } from '@insights/db';
import { ValidationError } from '../common/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Postgres' text form of a timestamp without time zone, up to microseconds.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeCursor(cursor: KeysetCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url') : null;
}

export function decodeCursor(value: string): KeysetCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && UUID.test(id) && typeof createdAt === 'string' && PG_TIMESTAMP.test(createdAt)) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the uniform error below
  }
  throw new ValidationError('cursor is invalid: pass nextCursor from a previous page unchanged');
}
