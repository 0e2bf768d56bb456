/** What a scenario gets from the benchmark runner (bench/run.ts) and what a step reports. */
import type { AppContext } from '../src/app/context.js';
import type { Database } from '../src/db/client.js';

export interface BenchContext {
  ctx: AppContext;
  db: Database;
  kind: 'pglite' | 'postgres';
  size: number;
  workDir: string;
  /** PostgreSQL only: the benchmark database, for steps measured in a process of their own. */
  databaseUrl?: string;
  /** The steps measured so far in this run (a floor is recorded beside its step). */
  steps: StepResult[];
  /** Records a measured step. */
  measure<T>(name: string, run: () => Promise<T>): Promise<T>;
}

export interface StepResult {
  name: string;
  seconds: number;
  peakRssMb: number;
  /** RSS when the step started: earlier steps leave memory the process keeps, so peak − start is the step's own growth. */
  startRssMb: number;
  /** PostgreSQL only: WAL the server wrote during the step (most of a bulk load's cost on a default server). */
  walMb?: number;
  detail?: unknown;
  /** What the same database needs to write what the step wrote (bench/floors.ts), and the step as a ratio to it. */
  floor?: { seconds: number; rows: number; tables: Record<string, number>; ratio: number; goal: number; met: boolean };
}

export type Scenario = (bench: BenchContext) => Promise<Record<string, unknown> | void>;
