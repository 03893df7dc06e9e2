import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Exits with a one-line message unless every option is a whole number in its range. */
export function requireWholeNumbers(options: readonly (readonly [name: string, value: number, min: number, max: number])[]): void {
  for (const [name, value, min, max] of options) {
    if (!Number.isInteger(value) || value < min || value > max) {
      console.error(`${name} must be a whole number from ${min} to ${max}`);
      process.exit(1);
    }
  }
}

/**
 * Serves a baseline server on PORT (0: any) until SIGTERM/SIGINT, printing `listening <port>`
 * for the benchmark that spawned it; `onStop` releases what the server holds.
 */
export function serveUntilSignalled(server: Server, onStop: () => void = () => undefined): void {
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`listening ${(server.address() as AddressInfo).port}`);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.closeAllConnections();
      server.close();
      onStop();
      process.exit(0);
    });
  }
}
