/** The maintenance database URL (to CREATE/DROP databases) and a URL for a named database. */
export function adminDatabaseUrl(url: string): string {
  return url;
}

export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
