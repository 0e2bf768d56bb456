import type { Config } from '../config.js';
import type { Database } from '../db/client.js';

/**
 * Everything a service needs, injected (immich's BaseService idea): the database, configuration,
 * the clock, and adapters to outside systems. Tests pass a fake clock and simulator-backed adapters.
 */
export interface AppContext {
  db: Database;
  config: Config;
  now(): Date;
}

export function createContext(db: Database, config: Config, now: () => Date = () => new Date()): AppContext {
  return { db, config, now };
}
