import { NodeChild } from '@insights/testkit';

const children: NodeChild[] = [];
let stopping = false;

/**
 * Starts an entry point (built `.js` or a `.ts` file) as a child process whose output is echoed
 * with its name in front; if it exits on its own, everything started here stops.
 */
export function startNode(name: string, entry: string, env: NodeJS.ProcessEnv = {}, entryArgs: string[] = []): NodeChild {
  const child = new NodeChild(entry, {
    name,
    env,
    args: entryArgs,
    echo: true,
    keepChars: 0,
    onUnexpectedExit: (_, code, _output, signal) => {
      if (stopping) return;
      console.error(`[${name}] exited (${signal ?? code}); stopping`);
      stopAll(1);
    },
  });
  children.push(child);
  return child;
}

/** Stops every child started here, then exits with `code` (after 3 s at the latest). */
export function stopAll(code = 0): void {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 3_000).unref();
  void Promise.all(children.map((child) => child.stop())).then(() => process.exit(code));
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
