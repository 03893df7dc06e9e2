import { spawn, type ChildProcess } from 'node:child_process';

const children: ChildProcess[] = [];

/**
 * Starts an entry point as a child process whose output is prefixed with its name: built
 * JavaScript (`.js`, as production runs it) or TypeScript from source (`.ts`).
 */
export function startNode(name: string, entry: string, env: NodeJS.ProcessEnv = {}, entryArgs: string[] = []): ChildProcess {
  const args = [
    ...(entry.endsWith('.ts') ? ['--conditions=development', '--import', '@swc-node/register/esm-register', entry] : ['--enable-source-maps', entry]),
    ...entryArgs,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}`)
      .join('\n') + '\n';
  child.stdout!.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${signal ?? code}); stopping`);
      stopAll(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
export function stopAll(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  // Never rejects: each promise settles on its child's exit, and the timer above exits regardless.
  void Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}
