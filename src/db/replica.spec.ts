import { describe, expect, it } from 'vitest';
import { isReplicaUnavailable } from './replica.js';

describe('isReplicaUnavailable: when a report is read on the primary instead', () => {
  it('the replica cannot be reached, is not serving, or cancelled the query for recovery', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '08006', '08001', '57P01', '57P03', '53300', '40001']) {
      expect(isReplicaUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    expect(isReplicaUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isReplicaUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through the causes a query error is wrapped in (Drizzle)', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5439'), { code: 'ECONNREFUSED' });
    expect(isReplicaUnavailable(new Error('Failed query: select 1', { cause }))).toBe(true);
  });

  it('a report\'s own error is its own: syntax, missing column, read-only violation', () => {
    for (const code of ['42601', '42703', '25006', '22P02']) {
      expect(isReplicaUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    }
    expect(isReplicaUnavailable(new Error('boom'))).toBe(false);
    expect(isReplicaUnavailable(undefined)).toBe(false);
  });
});
