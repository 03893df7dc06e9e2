import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorReply } from './faults.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BadBodyError extends Error {}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadBodyError('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadBodyError('Request body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** GLM's error envelope: `{ error: { code, message } }` with a string code. */
export function sendError(res: ServerResponse, reply: ErrorReply): void {
  sendJson(res, reply.status, { error: { code: reply.code, message: reply.message } }, reply.headers);
}

/** GLM's answer to a request without a bearer token; true when it was sent. */
export function refusedWithoutKey(req: IncomingMessage, res: ServerResponse): boolean {
  if (/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return false;
  sendError(res, { status: 401, code: '1000', message: 'Authentication failed: missing API key.' });
  return true;
}
