/**
 * Step timings for bulk operations, printed to stderr when ASXH_PROFILE=1 (benchmarks and
 * performance work); free otherwise.
 */
const enabled = process.env.ASXH_PROFILE === '1';

export async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const started = process.hrtime.bigint();
  try {
    return await run();
  } finally {
    process.stderr.write(`[profile] ${label}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`);
  }
}
