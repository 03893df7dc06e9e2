import type { KeysetCursor } from '@insights/db';
import { ValidationError } from '../common/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: KeysetCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url') : null;
}

export function decodeCursor(value: string): KeysetCursor {
  try {
    const [iso, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(iso));
    if (typeof id === 'string' && UUID.test(id) && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch {
    // fall through to the uniform error below
  }
  throw new ValidationError('cursor is invalid: pass nextCursor from a previous page unchanged');
}
