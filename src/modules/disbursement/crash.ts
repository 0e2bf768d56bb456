/**
 * Crash points for crash-safety tests: `ASXH_CRASH_AT=<name>` makes the process kill itself with
 * SIGKILL when it reaches that point — no `finally`, no rollback hook, no flush, exactly like a
 * power cut or an OOM kill. `<name>@<n>` crashes at the n-th time the point is reached (e.g. at
 * the third batch). Without the variable (always, in production) a crash point does nothing.
 * The names are listed here so a test cannot ask for a point that does not exist.
 */
export const crashPoints = [
  /** The SENDING attempt is committed; the provider has not been called. */
  'send.after-attempt-committed',
  /** The provider answered (2xx or not); nothing of the answer is recorded yet. */
  'send.after-provider-answered',
  /** The attempt is ACKNOWLEDGED and the batch marked sent (committed). */
  'send.after-marked-sent',
  /** A report / confirmations / statuses were fetched from the provider, not yet ingested. */
  'poll.after-fetch',
  /** Inside ingestResults' transaction, after applying, before COMMIT (needs the hook in reconcile.service). */
  'ingest.before-commit',
] as const;

export type CrashPoint = (typeof crashPoints)[number];

export const crashVariable = 'ASXH_CRASH_AT';

const reached = new Map<CrashPoint, number>();

export function crashPoint(name: CrashPoint, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env[crashVariable];
  if (wanted === undefined || !wanted.startsWith(name)) return;
  const [point, occurrence = '1'] = wanted.split('@');
  if (point !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (String(count) === occurrence) process.kill(process.pid, 'SIGKILL');
}
