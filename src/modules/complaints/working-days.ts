/**
 * Working days (Mon–Fri) for the complaint answer deadline. Public holidays are not skipped yet: a
 * province that needs them sets a longer deadline (the setting is in working days).
 */

/** The ISO date `days` working days after `from` (a date on a weekend counts from the next Monday). */
export function addWorkingDays(from: string, days: number): string {
  const date = new Date(`${from}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date.toISOString().slice(0, 10);
}
