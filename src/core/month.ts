import { assert } from './assert.js';

/** A calendar month as `YYYY-MM`. Months are compared as strings (lexicographic = chronological). */
export type Month = string;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return monthPattern.test(value);
}

export function parseMonth(value: string): Month {
  assert(isMonth(value), `not a YYYY-MM month: ${value}`);
  return value;
}

/** Accepts `YYYY-MM`, `MM/YYYY` and `M/YYYY` (the import template allows both). */
export function parseMonthLoose(value: string): Month | null {
  const trimmed = value.trim();
  if (isMonth(trimmed)) return trimmed;
  const slash = /^(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (slash) {
    const month = Number(slash[1]);
    if (month >= 1 && month <= 12) return `${slash[2]}-${String(month).padStart(2, '0')}`;
  }
  return null;
}

export function monthIndex(month: Month): number {
  const match = monthPattern.exec(month);
  assert(match, `not a YYYY-MM month: ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: Month, count: number): Month {
  return monthFromIndex(monthIndex(month) + count);
}

export function monthOfDate(isoDate: string): Month {
  assert(/^\d{4}-\d{2}-\d{2}/.test(isoDate), `not an ISO date: ${isoDate}`);
  return isoDate.slice(0, 7);
}

export function firstDayOfMonth(month: Month): string {
  return `${parseMonth(month)}-01`;
}

/** Months from `from` to `to` inclusive; empty when `from` is after `to`. */
export function monthRange(from: Month, to: Month): Month[] {
  const result: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) result.push(monthFromIndex(i));
  return result;
}
