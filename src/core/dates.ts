/** Calendar dates as ISO `YYYY-MM-DD` strings (no time zone: they are civil dates). */
export type IsoDate = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the Gregorian calendar (month 1–12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
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
  // ISO dates compare as text: the year difference, less one before the birthday (MM-DD).
  const age = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5, 10) < birthDate.slice(5, 10) ? age - 1 : age;
}

/** dd/mm/yyyy for Vietnamese display. */
export function formatDateVi(iso: IsoDate): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
