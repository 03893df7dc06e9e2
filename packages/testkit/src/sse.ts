/** One frame of an event stream as it came over the wire: an event, or a comment line. */
export type SseFrame = { kind: 'event'; event: string; data: string; id?: string } | { kind: 'comment'; text: string };

export interface SseStream {
  status: number;
  headers: Headers;
  /** The body, for a response that is not a stream (errors). */
  body?: string;
  frames: SseFrame[];
  /** Resolves with the frames so far once `until` holds for one of them, or when the stream ends. */
  waitFor(until: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame[]>;
  ended: Promise<void>;
  close(): void;
}

/** Reads a Server-Sent Events response frame by frame, as a browser would, keeping every frame. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((wake) => wake());
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      frames,
      waitFor: async () => frames,
      ended: Promise.resolve(),
      close: () => undefined,
    };
  }
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          frames.push(...parseBlock(block));
          notify();
        }
      }
    } catch {
      // Aborted by close().
    }
    notify();
  })();
  let done = false;
  void ended.then(() => (done = true));
  const waitFor = (until: (frame: SseFrame) => boolean, timeoutMs = 20_000) =>
    new Promise<SseFrame[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
      }, timeoutMs);
      function check() {
        if (!frames.some(until) && !done) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve([...frames]);
      }
      waiters.add(check);
      check();
    });
  return { status: response.status, headers: response.headers, frames, waitFor, ended: ended.then(() => undefined), close: () => abort.abort() };
}

function parseBlock(block: string): SseFrame[] {
  const comments: SseFrame[] = [];
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push({ kind: 'comment', text: line.slice(1).trim() });
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length ? [...comments, { kind: 'event', event, data: data.join('\n'), id }] : comments;
}

export const events = (frames: SseFrame[]) => frames.filter((f): f is Extract<SseFrame, { kind: 'event' }> => f.kind === 'event');
export const isFinal = (frame: SseFrame) => frame.kind === 'event' && ['completed', 'failed', 'cancelled'].includes(frame.event);
