import pg from 'pg';

/** The channel the `project_changed_notify` trigger (migration 0003) notifies on. */
export const PROJECT_CHANGED_CHANNEL = 'insights_project_changed';
/** The channel the `project_deleted_purge` trigger (migration 0007) notifies on, after recording what to purge. */
export const PROJECT_DELETED_CHANNEL = 'insights_project_deleted';
/** The channel a project's taxonomy edits are announced on (ThemeEditsRepository.announce): no trigger, sent by the API. */
export const PROJECT_TAXONOMY_CHANNEL = 'insights_project_taxonomy';
/** How the listening connection names itself in `pg_stat_activity`. */
export const PROJECT_LISTENER_NAME = 'insights-project-notices';

export interface ProjectChangeEvents {
  /** A project row changed or was deleted. */
  changed(projectId: string): void;
  /** A project row was deleted; its purge is recorded in `insights_project_purges`. */
  deleted(projectId: string): void;
  /** The project's theme edits changed (an edit or an undo): bodies built with the earlier taxonomy are out of date. */
  taxonomy?(projectId: string): void;
  /** Listening (re)started or stopped: notices may have been missed, so forget everything. */
  reset(listening: boolean): void;
}

export interface ListenerTiming {
  /** A round trip on the listening connection this often: a half-open connection delivers nothing and reports nothing. */
  pingIntervalMs: number;
  /** A ping unanswered this long declares the connection lost. */
  pingTimeoutMs: number;
}

const RETRY_MS = [200, 500, 1_000, 2_000, 5_000];
// A peer that vanished without a FIN (a NAT or proxy dropping the flow) is only found by
// sending something: TCP keepalive probes from the kernel and a query of our own, whichever
// notices first. The query also proves the server still serves this session.
const DEFAULT_TIMING: ListenerTiming = { pingIntervalMs: 10_000, pingTimeoutMs: 5_000 };
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * LISTENs on its own connection (a pooled one cannot hold a LISTEN), checks it with a periodic
 * round trip, and reconnects after a loss; `reset` fires on every (re)connect and loss so a
 * cache built on the notices can drop what it may have missed.
 */
export class ProjectChangeListener {
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private pinger?: NodeJS.Timeout;
  private attempts = 0;
  private stopped = false;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly events: ProjectChangeEvents,
    private readonly timing: ListenerTiming = DEFAULT_TIMING,
  ) {}

  /** True while a connection holds the LISTEN and has not failed a ping. */
  get listening(): boolean {
    return this.connected;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    this.pinger = undefined;
    this.connected = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 5_000,
      application_name: PROJECT_LISTENER_NAME,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    const lost = () => this.lose(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === PROJECT_CHANGED_CHANNEL) this.events.changed(message.payload);
      else if (message.channel === PROJECT_DELETED_CHANNEL) this.events.deleted(message.payload);
      else if (message.channel === PROJECT_TAXONOMY_CHANNEL) this.events.taxonomy?.(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECT_CHANGED_CHANNEL}; LISTEN ${PROJECT_DELETED_CHANNEL}; LISTEN ${PROJECT_TAXONOMY_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.stopped || this.client !== client) return void (await client.end().catch(() => undefined));
    this.attempts = 0;
    this.connected = true;
    this.pinger = setInterval(() => void this.ping(client), this.timing.pingIntervalMs);
    this.pinger.unref();
    this.events.reset(true);
  }

  private async ping(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.timing.pingTimeoutMs)));
    const answer = await Promise.race([
      client.query('select 1').then(
        () => 'ok' as const,
        () => 'failed' as const,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    if (answer !== 'ok') this.lose(client);
  }

  private lose(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    clearInterval(this.pinger);
    this.pinger = undefined;
    this.events.reset(false);
    // On a half-open connection `end` may never complete; it is not waited for.
    client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = RETRY_MS[Math.min(this.attempts++, RETRY_MS.length - 1)]!;
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}
