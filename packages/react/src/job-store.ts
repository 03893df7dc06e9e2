/** The part of the Web Storage API the job id store needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface JobIdStore {
  read(key: string): string | null;
  write(key: string, jobId: string): void;
  clear(key: string): void;
}

// Storage failures (quota, privacy modes, sandboxed frames) only cost the resume after a reload,
// so they fall back quietly rather than breaking the page.
function attempt<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

/** The browser's sessionStorage, or null where there is none (server rendering, blocked storage). */
export function browserSessionStorage(): KeyValueStorage | null {
  return attempt(() => (globalThis as { sessionStorage?: KeyValueStorage }).sessionStorage ?? null, null);
}

/** Remembers the active job id per scope key. */
export function createJobIdStore(storage: KeyValueStorage | null): JobIdStore {
  return {
    read: (key) => attempt(() => storage?.getItem(key) || null, null),
    write: (key, jobId) => attempt(() => storage?.setItem(key, jobId), undefined),
    clear: (key) => attempt(() => storage?.removeItem(key), undefined),
  };
}
