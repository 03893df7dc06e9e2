import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './polling.js';
import { freePort } from './ports.js';

/** The repository root (from src/ and from dist/ alike): entry points are given relative to it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface NodeChildOptions {
  /** Names the process in messages and in echoed output; the entry point by default. */
  name?: string;
  /** Variables set over this process's own environment. */
  env?: NodeJS.ProcessEnv;
  /** Arguments after the entry point. */
  args?: string[];
  /** Node flags before the runner's. */
  nodeArgs?: string[];
  /**
   * The Node flags that run the entry point: by default `--enable-source-maps` for built
   * JavaScript (as production runs it), swc's register hook for a `.ts` file (compiled at start).
   */
  runner?: string[];
  /** The working directory; the repository root by default. */
  cwd?: string;
  /** Also writes the output to this process's stdout and stderr, each line prefixed with `[name]`. */
  echo?: boolean;
  /** Keeps only the last this many characters of output (all of it by default). */
  keepChars?: number;
  /** `stop()` sends SIGKILL when SIGTERM has not ended the process after this long (by default it waits). */
  killAfterMs?: number;
  /** Called when the process exits without `stop()` having been called; `code` is -1 for a signal. */
  onUnexpectedExit?: (name: string, code: number | null, output: string, signal: NodeJS.Signals | null) => void;
}

/** The Node flags that run an entry point: built JavaScript with source maps, or TypeScript compiled at start. */
export function runnerFor(entry: string): string[] {
  return entry.endsWith('.ts') ? ['--conditions=development', '--import', '@swc-node/register/esm-register'] : ['--enable-source-maps'];
}

/**
 * A Node child process running an entry point of this repository: an app's built output, so
 * crashes and signals are real, or a TypeScript file. Its output is kept for `waitFor` and for
 * error messages, and echoed on request.
 */
export class NodeChild {
  readonly name: string;
  protected readonly child: ChildProcess;
  output = '';
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  private expectedExit = false;
  private closed = false;
  private readonly outputListeners = new Set<() => void>();

  constructor(
    entry: string,
    private readonly options: NodeChildOptions = {},
  ) {
    this.name = options.name ?? entry;
    const argv = [...(options.nodeArgs ?? []), ...(options.runner ?? runnerFor(entry)), entry, ...(options.args ?? [])];
    this.child = spawn(process.execPath, argv, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = options.keepChars;
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (keep !== undefined && this.output.length > keep) this.output = this.output.slice(this.output.length - keep);
      for (const listener of this.outputListeners) listener();
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    if (options.echo) {
      const prefixed = (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => `[${this.name}] ${line}`)
          .join('\n') + '\n';
      this.child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(prefixed(chunk)));
      this.child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(prefixed(chunk)));
    }
    this.child.once('close', () => (this.closed = true));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        if (!this.expectedExit) options.onUnexpectedExit?.(this.name, code ?? (signal ? -1 : null), this.output, signal);
        resolve(code);
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves as soon as the output matches `pattern`; fails if the process ends or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        this.outputListeners.delete(check);
        this.child.off('close', ended);
        outcome();
      };
      const check = () => {
        const match = pattern.exec(this.output);
        if (match) settle(() => resolve(match));
      };
      const ended = () => {
        const match = pattern.exec(this.output);
        const status = this.child.exitCode ?? this.child.signalCode;
        settle(() => (match ? resolve(match) : reject(new Error(`${this.name} exited (${status}) before printing ${pattern}; output:\n${this.output}`))));
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs / 1000} s; output:\n${this.output}`))),
        timeoutMs,
      );
      this.outputListeners.add(check);
      if (this.closed) ended();
      else {
        this.child.once('close', ended);
        check();
      }
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM, and waits for the exit (SIGKILL after `graceMs`, if given here or as `killAfterMs`). */
  async stop(graceMs = this.options.killAfterMs): Promise<void> {
    this.expectedExit = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = graceMs === undefined ? undefined : setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Settings every test process gets: its whole log, without colours. */
const TEST_ENV = { LOG_LEVEL: 'log', NO_COLOR: '1' };

/** The worker's built output, as production runs it. */
export class WorkerProcess extends NodeChild {
  constructor(env: Record<string, string>) {
    super('apps/worker/dist/main.js', { name: 'the worker', env: { ...TEST_ENV, ...env } });
  }

  /** Starts a worker and waits until it takes jobs. */
  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const worker = new WorkerProcess(env);
    await worker.waitFor(/processing "insights-generate"/, 20_000);
    return worker;
  }
}

/** The API's built output, listening on a loopback port. */
export class ApiProcess extends NodeChild {
  constructor(
    readonly url: string,
    env: Record<string, string>,
  ) {
    super('apps/api/dist/main.js', { name: 'the API', env: { ...TEST_ENV, HOST: '127.0.0.1', PORT: new URL(url).port, LOG_LEVEL: 'warn', ...env } });
  }

  /** Starts an API on a free port and waits until it is ready. */
  static async start(env: Record<string, string> = {}): Promise<ApiProcess> {
    const api = new ApiProcess(`http://127.0.0.1:${await freePort()}`, env);
    await eventually(
      async () => {
        if (!api.running) throw new Error(`the API exited (${api.child.exitCode}); output:\n${api.output}`);
        return (await fetch(`${api.url}/health/ready`).catch(() => undefined))?.ok;
      },
      20_000,
      'the API to be ready',
    );
    return api;
  }
}
