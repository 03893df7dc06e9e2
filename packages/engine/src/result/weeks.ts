/** Weeks as the result counts them: each named by its Monday (UTC), YYYY-MM-DD (see weekly.ts). */

const WEEK_MS = 7 * 86_400_000;

/** The Monday `n` weeks after (or before, negative) the Monday `week`. */
export function addWeeks(week: string, n: number): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) + n * WEEK_MS).toISOString().slice(0, 10);
}
