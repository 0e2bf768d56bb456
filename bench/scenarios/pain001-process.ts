/**
 * pain.001 for a whole cycle in a process of its own, as `asxh export` runs: its peak memory is
 * the writer's, not the benchmark's (whose earlier steps leave the heap grown). Prints one JSON
 * line. Usage (after npm run build:server): node dist/bench/scenarios/pain001-process.js DATABASE_URL CYCLE_ID OUT
 */
import { openPostgres } from '../../src/db/client.js';
import { wholeCyclePain001 } from './pain001-whole.js';

const [url, cycle, path] = process.argv.slice(2);
if (!url || !cycle || !path) throw new Error('usage: pain001-process.ts DATABASE_URL CYCLE_ID OUT');
const db = await openPostgres(url, 1);
// What the process holds before writing (Node, the module graph, the pool): the writer's own share is the rest.
const startRssMb = Math.round(process.memoryUsage().rss / 1048576);
const started = process.hrtime.bigint();
try {
  const written = await wholeCyclePain001(db.orm, Number(cycle), path);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes: the process's peak resident memory over its whole life.
  console.log(JSON.stringify({ ...written, seconds: Math.round(seconds * 100) / 100, startRssMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  await db.close();
}
