import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy.js';

/** The kinds of value variables take, each with the message a bad value gets. */
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const hostPort = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})$/;

/** `host:port,host:port`: the seed nodes of a Redis Cluster. */
export const nodeList = list
  .refine((nodes) => nodes.length > 0 && nodes.every((node) => hostPort.test(node) && Number(node.split(':').pop()) <= 65_535), {
    message: 'must be a comma-separated list of host:port',
  })
  .transform((nodes) =>
    nodes.map((node) => {
      const { host, port } = hostPort.exec(node)!.groups!;
      return { host: host.replace(/^\[(.*)\]$/, '$1'), port: Number(port) };
    }),
  );

export const url = (protocols: string[]) =>
  z
    .url({ message: `must be a URL (${protocols.join(', ')})` })
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), { message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}` });

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** Fastify's `trustProxy`: a hop count or the proxies' addresses (see trust-proxy.ts). */
export const trustProxy = z.string().transform((v, ctx) => {
  const parsed = parseTrustProxy(v);
  if ('value' in parsed) return parsed.value;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/** A price in US dollars per million tokens. */
export const price = z.coerce
  .number({ message: 'must be a number (US dollars per million tokens)' })
  .min(0, { message: 'must be at least 0' })
  .max(1_000, { message: 'must be at most 1000' });
