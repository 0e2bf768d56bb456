import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../src/db/client.js';
import { arrayLiteral } from '../src/modules/registry/import/staged-batches.js';
import { createTestDatabase } from './helpers/db.js';

describe('the array literals that carry staged values to the database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.close());

  it('bring back every value as given: quotes, backslashes, commas, braces, empty text and NULL', async () => {
    const values = ['Nguyễn Thị "Bé"', 'C:\\thư mục\\', 'a,b', '{x}', '', null, 'NULL', ' đầu và cuối ', 'Dòng 1\nDòng 2'];
    const row = await queryOne<{ values: (string | null)[] }>(db.orm, sql`SELECT ${arrayLiteral(values)}::text[] AS values`);
    expect(row!.values).toEqual(values);
    const numbers = await queryOne<{ values: (number | null)[] }>(db.orm, sql`SELECT ${arrayLiteral([1, null, 250_000])}::int[] AS values`);
    expect(numbers!.values).toEqual([1, null, 250_000]);
    expect(arrayLiteral([])).toBe('{}');
  });
});
