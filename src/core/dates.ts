/** Calendar dates as ISO `YYYY-MM-DD` strings (no time zone: they are civil dates). */
export type IsoDate = string;

export function isValidIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Accepts `dd/mm/yyyy` (Vietnamese usage) or `yyyy-mm-dd`; returns ISO or null. */
export function parseDateLoose(value: string): IsoDate | null {
  const trimmed = value.trim();
  let iso: string | null = null;
  const vi = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (vi) iso = `${vi[3]}-${vi[2]!.padStart(2, '0')}-${vi[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) iso = trimmed;
  else if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) iso = trimmed.slice(0, 10);
  return iso && isValidIsoDate(iso) ? iso : null;
}

/** Today in Vietnam (UTC+7), as ISO date. */
export function todayInVietnam(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Full years of age on `onDate` (a birthday on that day counts). */
export function ageInYears(birthDate: IsoDate, onDate: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** dd/mm/yyyy for Vietnamese display. */
export function formatDateVi(iso: IsoDate): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
