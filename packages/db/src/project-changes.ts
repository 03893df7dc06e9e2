import pg from 'pg';

/** The channel the `project_changed_notify` trigger (migration 0003) notifies on. */
export const PROJECT_CHANGED_CHANNEL = 'insights_project_changed';

export interface ProjectChangeEvents {
  /** A project row changed or was deleted. */
  changed(projectId: string): void;
  /** Listening (re)started or stopped: notices may have been missed, so forget everything. */
  reset(listening: boolean): void;
}

const RETRY_MS = [200, 500, 1_000, 2_000, 5_000];

/**
 * LISTENs on its own connection (a pooled one cannot hold a LISTEN) and reconnects after a
 * loss; `reset` fires on every (re)connect and loss so a cache built on the notices can drop what
 * it may have missed.
 */
export class ProjectChangeListener {
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: ProjectChangeEvents,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.events.reset(false);
      client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === PROJECT_CHANGED_CHANNEL && message.payload) this.events.changed(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECT_CHANGED_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.stopped) return void (await client.end().catch(() => undefined));
    this.attempts = 0;
    this.events.reset(true);
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = RETRY_MS[Math.min(this.attempts++, RETRY_MS.length - 1)]!;
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}
