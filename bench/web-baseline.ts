/**
 * The floor bench:web compares the insights page with: a bare node:http server that writes
 * stored bytes back, and a page with one button that fetches them, parses the JSON and renders
 * one figure from it. No framework, no proxy, no work on the server. Run as its own process by
 * bench/web.ts; prints `listening <port>` once ready.
 *
 * Env: BASELINE_FILE (the bytes to answer with: a completed job as the API sends it), PORT (0: any free port).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { serveUntilSignalled } from './cli.js';

const file = process.env.BASELINE_FILE;
if (!file) {
  console.error('BASELINE_FILE is required');
  process.exit(1);
}
const stored = readFileSync(file);

// The same test ids as the insights page, so one probe times both.
const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Baseline</title></head>
  <body>
    <button type="button" data-testid="generate">Fetch</button>
    <output data-testid="total-feedback"></output>
    <script>
      const out = document.querySelector('[data-testid="total-feedback"]');
      document.querySelector('[data-testid="generate"]').addEventListener('click', async () => {
        out.textContent = '';
        const body = await (await fetch('/answer', { cache: 'no-store' })).json();
        out.textContent = String(body.data.result.stats.totalFeedback);
      });
    </script>
  </body>
</html>`;

const server = createServer((req, res) => {
  if (req.url === '/answer') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': stored.length, 'cache-control': 'no-store' }).end(stored);
  } else if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  } else {
    res.writeHead(404).end();
  }
});
serveUntilSignalled(server);
