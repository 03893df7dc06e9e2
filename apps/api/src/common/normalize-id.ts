/** UUIDs compare as text in caches, job identities and memos: one spelling for every id. */
export function normalizeId<T>(value: T): T {
  return (typeof value === 'string' ? value.trim().toLowerCase() : value) as T;
}
