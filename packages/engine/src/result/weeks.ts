/** Weeks as the result counts them: each named by its Monday (UTC), YYYY-MM-DD. */

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the week holding `date`. */
export function weekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday `n` weeks after (or before, negative) the Monday `week`. */
export function addWeeks(week: string, n: number): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) + n * 7 * DAY_MS).toISOString().slice(0, 10);
}
