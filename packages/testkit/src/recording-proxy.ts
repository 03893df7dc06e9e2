import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP hop between the GLM client and the fake GLM server that keeps every request body it
 * forwards (what left the service for the model, byte for byte), passing answers back as they arrive.
 */
export class RecordingProxy {
  readonly bodies: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<RecordingProxy> {
    let proxy!: RecordingProxy;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        proxy.bodies.push(body.toString('utf8'));
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type']) if (req.headers[name]) headers[name] = String(req.headers[name]);
        fetch(`${target}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : body })
          .then(async (answer) => {
            res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
            // Piece by piece as it arrives: a streamed answer stays streamed through the hop.
            if (answer.body) for await (const piece of answer.body) res.write(piece);
            res.end();
          })
          .catch(() => res.writeHead(502).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new RecordingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The prompt text of every recorded chat request, decoded from its JSON body. */
  prompts(): string[] {
    return this.bodies.map((body) => {
      try {
        const parsed = JSON.parse(body) as { messages?: { content?: string }[] };
        return (parsed.messages ?? []).map((m) => m.content ?? '').join('\n');
      } catch {
        return body;
      }
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
