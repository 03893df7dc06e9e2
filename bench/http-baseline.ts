/**
 * The floor the API is compared with: a bare node:http server doing one Redis GET per request and
 * writing the stored bytes back unparsed, the least a cached read can do. Run as its own process
 * by bench/http.ts; prints `listening <port>` once ready.
 *
 * Env: REDIS_URL, BASELINE_KEY (a key holding the response body), PORT (0: any free port).
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { serveUntilSignalled } from './cli.js';

const key = process.env.BASELINE_KEY;
if (!key) {
  console.error('BASELINE_KEY is required');
  process.exit(1);
}
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });

const server = createServer((_req, res) => {
  redis.getBuffer(key).then(
    (body) => {
      if (body === null) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"success":false}');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
    },
    () => res.writeHead(503).end(),
  );
});
serveUntilSignalled(server, () => redis.disconnect());
