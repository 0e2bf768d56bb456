/**
 * Property-based tests of the importers that write (issue #18, item 7): the beneficiary import (CSV
 * and XLSX) and a provider's result file. Whatever the file, the importer answers with a report
 * (bad rows refused with their row, field and code) or refuses the whole file with a coded error;
 * never another error, and never a partial write: a refused file changes nothing, and an accepted
 * one writes exactly the rows it reports accepted. The pure parsers are covered by
 * test/parsers-property.test.ts with many more runs; each run here is a real import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.js';
import { queryOne, queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { importBeneficiaries } from '../src/modules/registry/import/import.service.js';
import { templateHeader, type TemplateRow } from '../src/modules/registry/validation/import-row.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { createFundedCycle } from './helpers/disbursement-fixture.js';
import { tempDir, writeTemplateCsv, writeTemplateXlsx } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';

/** A crash is anything but an AppError with a code and both texts. */
function expectCodedError(error: unknown): asserts error is AppError {
  if (!(error instanceof AppError)) throw new Error(`not a coded error: ${String(error)}`, { cause: error });
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(error.text.vi.length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
}

/** Values a clerk's spreadsheet may hold in any cell. */
const cellValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0007b', '\uFEFF', 'x'.repeat(301), '31/02/2024', '00/00/0000', '13/2024', '-5', '1e9', '=HYPERLINK("x")',
    '"', '""', 'a,b', 'a;b', 'dòng\nmới', 'TIEN_MAT', 'TK_NGAN_HANG', '970405', 'BTXH_K8', 'NCC_TB', '999999999999', '0'),
);
const fields = templateHeader();

/** A file of valid rows with some cells replaced by arbitrary values. */
const mutatedRows = fc.record({
  count: fc.integer({ min: 1, max: 6 }),
  mutations: fc.array(fc.record({ row: fc.nat(), field: fc.constantFrom(...fields), value: cellValue }), { maxLength: 8 }),
});

let serial = 0;
function rowsOf(input: { count: number; mutations: readonly { row: number; field: string; value: string }[] }): Partial<TemplateRow>[] {
  const rows = Array.from({ length: input.count }, () => {
    serial += 1;
    return personRow({ ho_ten: `Người Thử ${serial}`, ngay_sinh: '01/01/1940', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1940', 'Nam', 500_000 + serial), ma_doi_tuong: 'BTXH_K5C' });
  });
  for (const mutation of input.mutations) (rows[mutation.row % rows.length] as Record<string, string>)[mutation.field] = mutation.value;
  return rows;
}

interface Counts {
  persons: number;
  enrolments: number;
  instruments: number;
  proposals: number;
}

async function counts(ctx: TestContext): Promise<Counts> {
  const row = await queryOne<Counts>(
    ctx.db.orm,
    sql`SELECT (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM enrolments)::int AS enrolments,
               (SELECT count(*) FROM payment_instruments)::int AS instruments, (SELECT count(*) FROM instrument_proposals)::int AS proposals`,
  );
  return row!;
}

describe('beneficiary import: any file, a report or a coded refusal, never a partial write', () => {
  let ctx: TestContext;
  let officer: Actor;
  const dir = tempDir('asxh-import-property-');

  beforeAll(async () => {
    ctx = await createTestContext();
    officer = await createTestUser(ctx, { username: 'canbo.property', role: 'officer', unitCode: '23293' });
  });
  afterAll(() => ctx.close());

  /** What the runs gave: the properties must not hold only because every file was refused. */
  const seen = { accepted: 0, rejectedRows: 0, refusedFiles: 0 };

  /** Imports the file; checks the answer against what the database gained. */
  async function importAndCheck(path: string): Promise<void> {
    const before = await counts(ctx);
    let accepted: number | null = null;
    try {
      const report = await importBeneficiaries(ctx, officer, { path, dryRun: false });
      expect(report.accepted + report.rejected).toBe(report.rows);
      accepted = report.accepted;
      seen.accepted += report.accepted;
      seen.rejectedRows += report.rejected;
    } catch (error) {
      expectCodedError(error);
      seen.refusedFiles += 1;
    }
    const after = await counts(ctx);
    // Every row of these files is a new person with one enrolment: the accepted rows and nothing else.
    expect(after.enrolments - before.enrolments).toBe(accepted ?? 0);
    expect(after.persons - before.persons).toBe(accepted ?? 0);
    if (accepted === null) expect(after).toEqual(before);
  }

  it('CSV files of valid rows with arbitrary cells', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRows, async (input) => {
        await importAndCheck(writeTemplateCsv(join(dir, `rows-${serial}.csv`), rowsOf(input)));
      }),
      { numRuns: 25 },
    );
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.rejectedRows).toBeGreaterThan(0);
  });

  it('XLSX files of valid rows with arbitrary cells', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRows, async (input) => {
        await importAndCheck(await writeTemplateXlsx(join(dir, `rows-${serial}.xlsx`), rowsOf(input)));
      }),
      { numRuns: 10 },
    );
  });

  it('arbitrary bytes under a CSV or XLSX name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('csv', 'xlsx'), fc.boolean(), async (bytes, extension, withHeader) => {
        serial += 1;
        const path = join(dir, `bytes-${serial}.${extension}`);
        const header = withHeader && extension === 'csv' ? Buffer.from(`${fields.join(',')}\n`) : Buffer.alloc(0);
        writeFileSync(path, Buffer.concat([header, bytes]));
        await importAndCheck(path);
      }),
      { numRuns: 25 },
    );
    expect(seen.refusedFiles).toBeGreaterThan(0);
  });
});

describe('provider result files: any file, a report or a coded refusal, never a partial write', () => {
  let ctx: TestContext;
  let officer: Actor;
  let cycleId: number;
  let references: string[];
  const dir = tempDir('asxh-results-property-');

  beforeAll(async () => {
    ctx = await createTestContext();
    const fixture = await createFundedCycle(ctx);
    cycleId = fixture.cycleId;
    officer = fixture.officer;
    const rows = await queryRows<{ e2e: string }>(ctx.db.orm, sql`SELECT end_to_end_id AS e2e FROM disbursement_items WHERE cycle_id = ${cycleId} AND provider_code = '970405' ORDER BY id`);
    references = rows.map((row) => row.e2e);
    expect(references.length).toBeGreaterThan(0);
  });
  afterAll(() => ctx.close());

  /** The items' states and the held files: what a result file may change. */
  async function state(): Promise<string> {
    const row = await queryOne<{ items: string; held: number; ledger: number }>(
      ctx.db.orm,
      sql`SELECT string_agg(end_to_end_id || ':' || outcome || ':' || COALESCE(reason_code, '') || ':' || is_final, ',' ORDER BY id) AS items,
                 (SELECT count(*) FROM held_results)::int AS held, (SELECT count(*) FROM ledger_entries)::int AS ledger
          FROM disbursement_items WHERE cycle_id = ${cycleId}`,
    );
    return JSON.stringify(row);
  }

  it('CSV result files with known and arbitrary references, statuses and cells', async () => {
    const cell = fc.oneof(cellValue, fc.constantFrom('ACSC', 'RJCT', 'PDNG', 'AC01', 'AM04', '1.500.000'));
    const record = fc.tuple(fc.oneof(fc.constantFrom(...references), cell), fc.oneof(fc.constantFrom('ACSC', 'RJCT', 'THANH_CONG'), cell), cell, cell);
    let answered = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 6 }), fc.boolean(), async (records, garble) => {
        serial += 1;
        const path = join(dir, `result-${serial}.csv`);
        const lines = ['MaThamChieu,TrangThai,MaLyDo,SoTien', ...records.map((cells) => cells.map((value) => `"${value.replaceAll('"', '""')}"`).join(','))];
        writeFileSync(path, garble ? lines.join('\n').replace(/"/, '') : lines.join('\n'));
        const before = await state();
        try {
          await reconcileFile(ctx, officer, { cycleId, path, providerCode: '970405' });
          answered += 1;
        } catch (error) {
          expectCodedError(error);
          expect(await state()).toBe(before);
          refused += 1;
        }
      }),
      { numRuns: 25 },
    );
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
