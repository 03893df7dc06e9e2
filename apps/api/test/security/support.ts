import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One request as the security suites describe it. */
export interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is (set the content type yourself). */
  payload?: string | object;
  /** The one field that is wrong by construction: a 400 VALIDATION_FAILED must name it. */
  field?: string;
  /** True when no reading of the request can be valid: it must get a 4xx. */
  mustReject?: boolean;
  /** True when it cannot name anything of the caller's: a 4xx, or 200 `{ status: "not_found" }` (job ids). */
  mustHide?: boolean;
}

export interface Reply {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export async function inject(app: NestFastifyApplication, probe: Probe): Promise<Reply> {
  const res = await app.inject({
    method: probe.method,
    url: probe.url,
    headers: probe.headers,
    payload: probe.payload as string | undefined,
  });
  return res as unknown as Reply;
}

export function parse(res: Reply): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(res.body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with an error response: it must be `{ success: false, statusCode, code, message }` JSON. */
export function errorShapeProblems(res: Reply): string[] {
  const problems: string[] = [];
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) problems.push(`error content-type is "${type}"`);
  const body = parse(res);
  if (!body) return [...problems, 'error body is not a JSON object'];
  if (body.success !== false) problems.push('error body lacks success: false');
  if (body.statusCode !== res.statusCode) problems.push(`error body statusCode ${String(body.statusCode)} differs from ${res.statusCode}`);
  if (typeof body.code !== 'string' || !/^[A-Z_]+$/.test(body.code)) problems.push(`error code ${show(body.code)} is not a stable A-Z_ code`);
  if (typeof body.message !== 'string' || body.message.trim() === '') problems.push('error message is empty');
  return problems;
}

/** Every rule a response to a probe must follow. */
export function responseProblems(probe: Probe, res: Reply): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
  if (res.statusCode >= 400) problems.push(...errorShapeProblems(res));
  if (probe.mustReject && res.statusCode < 400) problems.push(`accepted with ${res.statusCode}`);
  const body = parse(res);
  const data = body?.data as { status?: unknown } | undefined;
  if (probe.mustHide && res.statusCode < 400 && data?.status !== 'not_found') problems.push(`answered ${res.statusCode} with something other than not_found`);
  if (probe.field !== undefined && res.statusCode === 400 && body?.code === 'VALIDATION_FAILED') {
    const message = typeof body.message === 'string' ? body.message : '';
    if (!message.includes(probe.field)) problems.push(`400 message does not name ${show(probe.field)}`);
  }
  return problems;
}

/** A short, escaped rendering (NUL bytes, lone surrogates and long strings stay readable). */
export function show(value: unknown, max = 160): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  text = text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** Escapes what would not print (control characters, NUL, lone surrogates, non-ASCII) and clips long text. */
export function clip(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  const escaped = text.replace(/[\u0000-\u001f\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…(${escaped.length} chars)` : escaped;
}

export function describeFailure(probe: Probe, res: Reply, problems: string[]): string {
  const payload = probe.payload === undefined ? '' : ` ${clip(typeof probe.payload === 'string' ? probe.payload : JSON.stringify(probe.payload), 160)}`;
  const type = probe.headers?.['content-type'] ? ` (${probe.headers['content-type']})` : '';
  return `${probe.method} ${clip(probe.url, 160)}${payload}${type} -> ${res.statusCode} ${clip(res.body, 220)} :: ${problems.join('; ')}`;
}

/** Percent-encodes every byte outside the unreserved set, so any string (lone surrogates too) fits in a URL. */
export function pct(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A query string: arrays repeat the key; `raw` pieces are appended unencoded. */
export function query(params: Record<string, string | string[] | undefined>, raw: string[] = []): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${pct(key)}=${pct(v)}`);
  }
  parts.push(...raw);
  return parts.length ? `?${parts.join('&')}` : '';
}
