import type { FastifyReply } from 'fastify';

/**
 * One Server-Sent Events response on Fastify's raw socket. The reply is hijacked (Fastify and
 * Nest send nothing more), so the headers already set on it by hooks (CORS, hardening) are
 * copied over by hand.
 */
export class SseConnection {
  private open = true;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly reply: FastifyReply,
    reconnectMs: number,
  ) {
    reply.hijack();
    const raw = reply.raw;
    // The client may have left while the stream was being set up: its 'close' has fired already
    // and will not again, so the stream is born closed (and whoever holds it releases its slot).
    if (raw.destroyed || !raw.socket || raw.socket.destroyed) {
      this.open = false;
      return;
    }
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${reconnectMs}\n\n`);
    raw.on('close', () => this.closed());
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** `data` is written as it is: one JSON document, without newlines. */
  send(event: string, data: string, id?: string): void {
    if (!this.open) return;
    this.reply.raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data}\n\n`);
  }

  comment(text: string): void {
    if (this.open) this.reply.raw.write(`: ${text}\n\n`);
  }

  /** Runs `listener` when the stream closes, or at once when it already has. */
  onClose(listener: () => void): void {
    if (this.open) this.closeListeners.push(listener);
    else listener();
  }

  close(): void {
    if (this.open) this.reply.raw.end();
    this.closed();
  }

  private closed(): void {
    if (!this.open) return;
    this.open = false;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
