/**
 * The floor of a step (issue 23): what the same database, in the same run, needs to write what the
 * step wrote — the step's figure is then read as a ratio to its floor, which says how much of its
 * time is the application's and how much the machine's.
 *
 * - Rows: every table the step added rows to gets an empty copy with the same columns, keys,
 *   constraints and indexes (`LIKE … INCLUDING ALL`, no triggers or foreign keys), and the floor is
 *   one `INSERT … SELECT` per table of as many of the table's rows as the step added — the bulk
 *   write of the same number of rows of the same shape, with their index entries and WAL.
 * - Rows rewritten (results applied to items): an `UPDATE` of as many rows of the copy.
 * - Files: a plain streamed write of the same bytes.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import type { BenchContext, StepResult } from './types.js';

export type TableRows = ReadonlyMap<string, number>;

/** Exact row counts of the application's tables (outside the measured time). */
export async function tableCounts(b: BenchContext): Promise<TableRows> {
  const tables = await queryRows<{ name: string }>(
    b.db.orm,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'bench_floor_%' ORDER BY 1`,
  );
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await queryRows<{ count: number }>(b.db.orm, sql.raw(`SELECT count(*)::bigint::float8 AS count FROM "${name}"`));
    counts.set(name, Number(row!.count));
  }
  return counts;
}

/** The rows each table gained between two counts. */
export function rowsAdded(before: TableRows, after: TableRows): Map<string, number> {
  const added = new Map<string, number>();
  for (const [table, count] of after) {
    const gained = count - (before.get(table) ?? 0);
    if (gained > 0) added.set(table, gained);
  }
  return added;
}

async function insertableColumns(b: BenchContext, table: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    b.db.orm,
    sql`SELECT a.attname AS name FROM pg_attribute a
         WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
  );
  return rows.map((row) => `"${row.name}"`);
}

export interface Floor {
  seconds: number;
  rows: number;
  tables: Record<string, number>;
}

/**
 * Writes `added` rows (and rewrites `rewritten` rows) into copies of their tables, timed; the
 * copies are made before and dropped after the clock.
 */
export async function rowsFloor(b: BenchContext, added: ReadonlyMap<string, number>, rewritten: ReadonlyMap<string, number> = new Map()): Promise<Floor> {
  const tables = [...new Set([...added.keys(), ...rewritten.keys()])];
  const statements: string[] = [];
  for (const table of tables) {
    const copy = `bench_floor_${table}`;
    const columns = (await insertableColumns(b, table)).join(', ');
    await b.db.orm.execute(sql.raw(`DROP TABLE IF EXISTS "${copy}"`));
    await b.db.orm.execute(sql.raw(`CREATE TABLE "${copy}" (LIKE "${table}" INCLUDING ALL)`));
    const gained = added.get(table) ?? 0;
    const updated = rewritten.get(table) ?? 0;
    // Rows to rewrite must be in the copy first (untimed): written once before the clock, then the
    // floor's UPDATE rewrites them as the step did.
    if (updated > 0) await b.db.orm.execute(sql.raw(`INSERT INTO "${copy}" (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM "${table}" LIMIT ${updated}`));
    if (updated > 0) {
      // every row in the copy now is one to rewrite (a new version of each, with its index entries)
      const [last] = (await insertableColumns(b, table)).slice(-1);
      statements.push(`UPDATE "${copy}" SET ${last} = ${last}`);
    }
    if (gained > 0) {
      // Keys of the copied rows must not collide with those already in the copy: take rows beyond them.
      statements.push(`INSERT INTO "${copy}" (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM "${table}" OFFSET ${updated} LIMIT ${gained}`);
    }
  }
  await b.db.orm.execute(sql.raw('CHECKPOINT')).catch(() => undefined);
  const started = process.hrtime.bigint();
  for (const statement of statements) await b.db.orm.execute(sql.raw(statement));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const table of tables) await b.db.orm.execute(sql.raw(`DROP TABLE IF EXISTS "bench_floor_${table}"`));
  const all = new Map([...added]);
  for (const [table, rows] of rewritten) all.set(table, (all.get(table) ?? 0) + rows);
  return { seconds: round(seconds), rows: [...all.values()].reduce((sum, rows) => sum + rows, 0), tables: Object.fromEntries(all) };
}

/** A plain streamed write of the bytes of `path` to a new file, timed. */
export async function fileFloor(path: string): Promise<Floor> {
  const copy = `${path}.floor`;
  const started = process.hrtime.bigint();
  await pipeline(createReadStream(path), createWriteStream(copy));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(copy, { force: true });
  return { seconds: round(seconds), rows: 0, tables: {} };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Records the floor beside the step it measures (the last step named `stepName`) and prints the
 * ratio against the goal.
 */
export function reportFloor(steps: StepResult[], stepName: string, floor: Floor, goal: number): { ratio: number; goal: number; met: boolean } {
  const step = [...steps].reverse().find((one) => one.name === stepName);
  if (!step) throw new Error(`no step ${stepName}`);
  const ratio = floor.seconds > 0 ? Math.round((step.seconds / floor.seconds) * 100) / 100 : Number.POSITIVE_INFINITY;
  const met = ratio <= goal;
  step.floor = { seconds: floor.seconds, rows: floor.rows, tables: floor.tables, ratio, goal, met };
  console.log(`    floor: ${floor.seconds.toFixed(2)} s${floor.rows ? ` (${floor.rows.toLocaleString('en')} rows)` : ''} → ${ratio.toFixed(2)} × floor (goal ≤ ${goal} ×: ${met ? 'met' : 'NOT met'})`);
  return { ratio, goal, met };
}
