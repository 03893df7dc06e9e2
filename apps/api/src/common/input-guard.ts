import type { FastifyReply, FastifyRequest } from 'fastify';

const MAX_DEPTH = 32;
// Keys class-transformer drops silently before the whitelist sees them, and prototype pollution
// vectors: refused by name instead of being ignored.
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function problem(value: unknown, root: string): string | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [node, path, depth] = stack.pop()!;
    if (typeof node === 'string') {
      // Postgres cannot store NUL in text; refusing it here beats a failed insert.
      if (node.includes('\u0000')) return `${path} must not contain NUL characters`;
      // Lone surrogates cannot be stored as UTF-8 (jsonb refuses them outright).
      if (!node.isWellFormed()) return `${path} must be well-formed Unicode (no lone surrogates)`;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_DEPTH) return `${root} nests deeper than ${MAX_DEPTH} levels`;
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return `property ${at} should not exist`;
      if (key.includes('\u0000') || !key.isWellFormed()) return `${path || 'body'} has a key with NUL or malformed Unicode`;
      stack.push([(node as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Runs on every request after parsing, before validation: cheap structural checks the DTO
 * layer cannot make (it would overflow the stack on very deep JSON first).
 */
export async function inputGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const message = problem(request.body, '') ?? problem(request.query, '');
  if (message) {
    await reply.code(400).send({ success: false, statusCode: 400, code: 'VALIDATION_FAILED', message: message.replace(/^ /, '') });
  }
}

/** Router-level errors (malformed URL encoding, over-long path parameters) in the common shape. */
export function frameworkError(error: Error & { statusCode?: number; code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.code(statusCode).send({ success: false, statusCode, code: statusCode === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', message: error.message });
}
