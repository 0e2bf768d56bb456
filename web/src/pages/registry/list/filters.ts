/** The list's filters, kept in the address so that "back" from a beneficiary returns to the same list. */
export const filterKeys = ['q', 'commune', 'programme', 'category', 'status', 'channel', 'flag'] as const;
export type FilterKey = (typeof filterKeys)[number];
export type ListFilter = Partial<Record<FilterKey, string>>;

export function readFilter(params: URLSearchParams): ListFilter {
  const filter: ListFilter = {};
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

/** Cursors of the pages already seen (`after=2997,2950`): the last one is the current page's `before`. */
export function readCursors(params: URLSearchParams): number[] {
  return (params.get('after') ?? '')
    .split(',')
    .map(Number)
    .filter((value) => Number.isSafeInteger(value) && value > 0);
}

export function toParams(filter: ListFilter, cursors: readonly number[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of filterKeys) {
    const value = filter[key];
    if (value) result[key] = value;
  }
  if (cursors.length > 0) result.after = cursors.join(',');
  return result;
}

export function hasFilter(filter: ListFilter): boolean {
  return filterKeys.some((key) => Boolean(filter[key]));
}
