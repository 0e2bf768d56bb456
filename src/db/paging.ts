/**
 * Keyset pages of a large read (a payment file, a cash list, a payroll export): each page is the
 * next `pageRows` rows after the last id seen, so every page is an index range and memory holds
 * two pages at most. The next page is requested as soon as the current one arrives, so the
 * database reads it while the caller writes the current one.
 */
export async function* keysetPages<T extends { id: number }>(fetchPage: (afterId: number) => Promise<T[]>, pageRows: number): AsyncGenerator<T[]> {
  let next: Promise<T[]> | undefined = fetchPage(0);
  while (next) {
    const page: T[] = await next;
    next = page.length === pageRows ? fetchPage(page[page.length - 1]!.id) : undefined;
    // Marked handled: an error of the prefetch surfaces when it is awaited, or not at all when the
    // caller stops reading first.
    next?.catch(() => undefined);
    if (page.length > 0) yield page;
  }
}
