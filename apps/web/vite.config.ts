import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const apiUrl = process.env.INSIGHTS_API_URL ?? 'http://127.0.0.1:3000';
const port = Number(process.env.WEB_PORT ?? 5173);
const host = '127.0.0.1';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The page signs in locally by asking for a token the quick start minted; with no such token the
 * page falls back to a paste-a-token form. Registered in dev and preview alike, since the quick
 * start serves the built page through `vite preview`.
 */
function localSession(): Plugin {
  const handle = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/local-session') return next();
    const token = process.env.INSIGHTS_WEB_LOCAL_TOKEN;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.statusCode = token ? 200 : 404;
    res.end(JSON.stringify(token ? { token } : { error: 'no local session' }));
  };
  return {
    name: 'insights-local-session',
    configureServer: (server) => void server.middlewares.use(handle),
    configurePreviewServer: (server) => void server.middlewares.use(handle),
  };
}

// Vite's proxy pipes each response through as it arrives, and preview compresses only what the
// proxy did not answer, so job events (Server-Sent Events) reach the page as they are sent.
const toApi: ProxyOptions = { target: apiUrl, changeOrigin: true };
const proxy = { '/api': toApi, '/health': toApi };

export default defineConfig({
  plugins: [react(), localSession()],
  resolve: {
    alias: {
      '@insights/client': fromHere('../../packages/client/src/index.ts'),
      '@insights/react': fromHere('../../packages/react/src/index.ts'),
    },
  },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the page: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack[\\/][a-z-]+)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
