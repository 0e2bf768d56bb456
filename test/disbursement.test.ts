import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { createBatches } from '../src/modules/disbursement/batches.service.js';
import { confirmCash } from '../src/modules/disbursement/cash.service.js';
import { exportBatchFile } from '../src/modules/disbursement/files.service.js';
import { handOverBatch, handOverBatchOfProvider } from '../src/modules/disbursement/handover.service.js';
import { checkLedger } from '../src/modules/disbursement/ledger-check.service.js';
import { reconcileFile } from '../src/modules/disbursement/reconcile.service.js';
import { collectText, pain002ForBatch, writePain002 } from '../src/modules/formats/index.js';
import { approveCycle, fundCycle, generateCycle, getCycle, payrollLines, submitCycle } from '../src/modules/payroll/payroll.service.js';
import { importApproved } from './helpers/imports.js';
import { createTestContext, createTestUser, type TestContext } from './helpers/context.js';
import { tempDir, writeTemplateCsv } from './helpers/files.js';
import { idFor, personRow } from './helpers/people.js';
import { approvePayers } from './helpers/payers.js';
import { expectXsdValid } from './helpers/xsd.js';

const bank = (serial: number, name: string, account: string) =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG',
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: account, chu_tai_khoan: name });
const people = [
  bank(11, 'Nguyễn Văn An', '5100201000011'),
  bank(12, 'Trần Văn Bình', '5100201000012'),
  bank(13, 'Lê Văn Cường', '5100201000013'),
  personRow({ ho_ten: 'Phạm Thị Dung', ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', 14), ma_doi_tuong: 'BTXH_K6_DBN',
    so_dien_thoai: '0961234514', hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: '0961234514', chu_tai_khoan: 'Phạm Thị Dung' }),
  personRow({ ho_ten: 'Võ Thị Em', ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', 15), ma_doi_tuong: 'BTXH_K5C' }),
  personRow({ ho_ten: 'Đỗ Văn Giang', ngay_sinh: '04/04/1938', gioi_tinh: 'Nam', so_dinh_danh: idFor('04/04/1938', 'Nam', 16), ma_doi_tuong: 'BTXH_K5C', hinh_thuc_nhan: 'TAI_NHA' }),
];

async function toFile(path: string, write: (output: ReturnType<typeof createWriteStream>) => Promise<unknown>) {
  const output = createWriteStream(path);
  const result = await write(output);
  if (!output.writableFinished) await once(output, 'finish');
  return result as { sha256: string; regenerated: boolean; items: number; controlSumVnd: number };
}

/** Runs `write` with the machine's clock years ahead: nothing in a regenerated file may depend on it. */
async function later<T>(write: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-03-04T05:06:07Z') });
  try {
    return await write();
  } finally {
    vi.useRealTimers();
  }
}

describe('disbursement and reconciliation with files', () => {
  let ctx: TestContext;
  let officer: Actor;
  let approver: Actor;
  let provider: Actor;
  let cycleId: number;
  const dir = tempDir();

  beforeAll(async () => {
    ctx = await createTestContext('2024-07-05T03:00:00Z');
    officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
    approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
    provider = await createTestUser(ctx, { username: 'vnpost', role: 'provider', unitCode: '51', providerCode: 'VNPOST' });
    const report = await importApproved(ctx, officer, { path: writeTemplateCsv(join(dir, 'people.csv'), people.map((p) => ({ ...p, chi_tra_den_thang: '06/2024' }))), dryRun: false });
    expect(report.errors).toEqual([]);
    const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
    cycleId = cycle.id;
    await submitCycle(ctx, officer, cycleId);
    await approveCycle(ctx, approver, cycleId);
    await fundCycle(ctx, await funder(ctx), cycleId, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
    await approvePayers(ctx, '51');
  });
  afterAll(async () => ctx.close());

  it('splits the funded cycle into batches per provider with control totals and immutable end-to-end ids', async () => {
    const result = await createBatches(ctx, officer, cycleId);
    expect(result.batches.map((batch) => [batch.providerCode, batch.channelGroup, batch.itemCount, batch.controlSumVnd])).toEqual([
      ['970405', 'BANK', 3, 3 * 750_000],
      ['VNPOST', 'CASH', 2, 2 * 500_000],
      ['971005', 'WALLET', 1, 1_000_000],
    ]);
    const again = await createBatches(ctx, officer, cycleId);
    expect(again.created).toBe(false);
    const cycle = await getCycle(ctx, officer, cycleId);
    expect(cycle.status).toBe('DISBURSING');
    await expect(ctx.db.orm.execute(sql`UPDATE disbursement_items SET end_to_end_id = 'X' || end_to_end_id`)).rejects.toThrow();
  });

  it('writes pain.001 and regenerates identical bytes', async () => {
    const path = join(dir, 'bank.xml');
    const first = await toFile(path, (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '970405', format: 'pain001', output }));
    const xml = readFileSync(path, 'utf8');
    await expectXsdValid(xml);
    const document = new XMLParser({ parseTagValue: false }).parse(xml) as { Document: { CstmrCdtTrfInitn: { GrpHdr: { NbOfTxs: string; CtrlSum: string }; PmtInf: { CdtTrfTxInf: { Cdtr: { Nm: string } }[] } } } };
    expect(document.Document.CstmrCdtTrfInitn.GrpHdr).toMatchObject({ NbOfTxs: '3', CtrlSum: '2250000' });
    expect(document.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.map((tx) => tx.Cdtr.Nm)).toEqual(['NGUYEN VAN AN', 'TRAN VAN BINH', 'LE VAN CUONG']);
    const second = await toFile(join(dir, 'bank2.xml'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '970405', format: 'pain001', output }));
    expect(second).toMatchObject({ sha256: first.sha256, regenerated: true });
  });

  it('hands a batch over only when asked, after its file was made, once (audited)', async () => {
    const sentAt = async (providerCode: string) =>
      (await queryRows<{ sent: string | null; pending: number }>(
        ctx.db.orm,
        sql`SELECT b.sent_at::text AS sent, (SELECT count(*)::int FROM disbursement_items i WHERE i.batch_id = b.id AND i.transmission = 'PENDING') AS pending
            FROM disbursement_batches b WHERE b.cycle_id = ${cycleId} AND b.provider_code = ${providerCode}`,
      ))[0]!;
    // Downloading (twice above) did not hand the bank's batch over.
    expect(await sentAt('970405')).toEqual({ sent: null, pending: 3 });
    // No file of the wallet's batch yet: nothing was given to the provider.
    await expect(handOverBatchOfProvider(ctx, officer, { cycleId, providerCode: '971005', round: 1 })).rejects.toMatchObject({ code: 'BATCH_FILE_MISSING' });
    // Only those who send payment files; only the cycle's own batches.
    await expect(handOverBatchOfProvider(ctx, approver, { cycleId, providerCode: '970405', round: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handOverBatch(ctx, officer, { cycleId, batchId: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const first = await handOverBatchOfProvider(ctx, officer, { cycleId, providerCode: '970405', round: 1 });
    expect(first).toMatchObject({ providerCode: '970405', round: 1, items: 3, controlSumVnd: 2_250_000, handedOver: true });
    expect(await sentAt('970405')).toEqual({ sent: first.sentAt, pending: 0 });
    const again = await handOverBatch(ctx, officer, { cycleId, batchId: first.batchId });
    expect(again).toEqual({ ...first, handedOver: false });
    const audit = await queryRows<{ actor: string; before: unknown; after: { items: number; files: string[] } }>(
      ctx.db.orm,
      sql`SELECT actor, before, after FROM audit_events WHERE action = 'disbursement.batch_handed_over' AND entity_id = ${String(first.batchId)}`,
    );
    expect(audit).toEqual([{ actor: 'canbo', before: { sentAt: null }, after: expect.objectContaining({ items: 3, files: ['pain001'], controlSumVnd: 2_250_000 }) }]);
    // The money went to the provider once (the dispatch entry of the batch).
    const dispatch = await queryRows<{ n: number }>(ctx.db.orm, sql`SELECT count(*)::int AS n FROM ledger_entries WHERE cycle_id = ${cycleId} AND kind = 'DISPATCH' AND batch_id = ${first.batchId}`);
    expect(dispatch).toEqual([{ n: 1 }]);
  });

  it('writes the bulk XLSX with identifiers as text and a total row, and regenerates identical bytes', async () => {
    const first = await toFile(join(dir, 'bank.xlsx'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '970405', format: 'xlsx', output, handOver: false }));
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'bank.xlsx'))).getWorksheet('ChiHo')!;
    expect(sheet.rowCount).toBe(1 + 3 + 1);
    const accounts = [2, 3, 4].map((row) => sheet.getRow(row).values as unknown[]);
    expect(accounts.flat()).toEqual(expect.arrayContaining(['5100201000011', '5100201000012', '5100201000013', 750_000]));
    // the total row of the generic template: the count under STT, the label, the sum
    expect((sheet.getRow(5).values as unknown[]).filter((value) => value !== undefined && value !== '')).toEqual([3, 'TONG CONG', 2_250_000]);
    const second = await later(() => toFile(join(dir, 'bank2.xlsx'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '970405', format: 'xlsx', output, handOver: false })));
    expect(second).toMatchObject({ sha256: first.sha256, regenerated: true });
  });

  it('applies a pain.002 with a failure, ignores a second delivery, and records a return after success', async () => {
    const lines = await payrollLines(ctx, officer, cycleId, { limit: 100 });
    const e2eOf = (name: string) => lines.find((line) => line.fullName === name)!.endToEndId!;
    const bankE2e = ['Nguyễn Văn An', 'Trần Văn Bình', 'Lê Văn Cường'].map(e2eOf);
    expect(bankE2e).toHaveLength(3);
    const [batch] = await queryRows<{ message_id: string }>(ctx.db.orm, sql`SELECT message_id FROM disbursement_batches WHERE provider_code = '970405'`);
    const report = pain002ForBatch({
      messageId: 'BANKSTS-0001',
      createdAt: '2024-07-10T10:00:00+07:00',
      originalMessageId: batch!.message_id,
      originalPaymentInfoId: batch!.message_id,
      results: [
        { endToEndId: bankE2e[0]!, status: 'ACSC' },
        { endToEndId: bankE2e[1]!, status: 'RJCT', reasonCode: 'AC04', additionalInfo: 'TAI KHOAN DA DONG' },
        { endToEndId: bankE2e[2]!, status: 'ACSC' },
        { endToEndId: 'SA9999999000000001', status: 'ACSC' },
      ],
    });
    const path = join(dir, 'pain002.xml');
    writeFileSync(path, await collectText(writePain002(report)));
    const applied = await reconcileFile(ctx, officer, { cycleId, path, providerCode: '970405' });
    expect(applied).toMatchObject({ applied: 3, paid: 2, failed: { AC04: 1 }, returned: 0, duplicates: 0 });
    expect(applied.unmatched).toEqual([{ endToEndId: 'SA9999999000000001', reason: 'UNKNOWN_END_TO_END_ID' }]);
    const twice = await reconcileFile(ctx, officer, { cycleId, path, providerCode: '970405' });
    expect(twice).toMatchObject({ applied: 0, alreadyIngested: true });

    const returns = join(dir, 'returns.csv');
    writeFileSync(returns, `MaThamChieu,TrangThai,MaLyDo,LyDo\n${bankE2e[0]},RETURNED,AC04,Tai khoan dong sau khi ghi co\n${bankE2e[1]},ACSC,,\n`);
    const returned = await reconcileFile(ctx, officer, { cycleId, path: returns, providerCode: '970405' });
    expect(returned).toMatchObject({ returned: 1, paid: 0 });
    expect(returned.conflicts).toEqual([{ endToEndId: bankE2e[1], reason: 'ALREADY_FAILED_REPORTED_PAID' }]);
    const instruments = await queryRows<{ needs: boolean }>(
      ctx.db.orm,
      sql`SELECT bool_or(needs_reverification) AS needs FROM payment_instruments WHERE account_number IN ('5100201000011', '5100201000012')`,
    );
    expect(instruments[0]!.needs).toBe(true);
  });

  it('takes wallet results and VNPost cash confirmations; the ledger balances and the cycle is reconciled', async () => {
    const lines = await payrollLines(ctx, officer, cycleId, { limit: 100 });
    const wallet = lines.find((line) => line.channel === 'MOBILE_MONEY')!;
    const walletCsv = join(dir, 'wallet.csv');
    writeFileSync(walletCsv, `reference,status,reason_code\n${wallet.endToEndId},SUCCEEDED,\n`);
    // A result for a batch not handed over yet is held, then applied with the hand-over (once).
    expect(await reconcileFile(ctx, officer, { cycleId, path: walletCsv, providerCode: '971005' })).toMatchObject({ paid: 0, held: 1, unmatched: [] });
    await toFile(join(dir, 'wallet-out.csv'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: '971005', format: 'csv', output }));
    expect(await queryRows(ctx.db.orm, sql`SELECT outcome FROM disbursement_items WHERE end_to_end_id = ${wallet.endToEndId!}`)).toEqual([{ outcome: 'NONE' }]);
    await handOverBatchOfProvider(ctx, officer, { cycleId, providerCode: '971005', round: 1 });
    const walletItem = await queryRows<{ outcome: string }>(ctx.db.orm, sql`SELECT outcome FROM disbursement_items WHERE end_to_end_id = ${wallet.endToEndId!}`);
    expect(walletItem).toEqual([{ outcome: 'PAID' }]);
    writeFileSync(walletCsv, `reference,status,reason_code\n${wallet.endToEndId},SUCCEEDED,\n\n`);
    expect(await reconcileFile(ctx, officer, { cycleId, path: walletCsv, providerCode: '971005' })).toMatchObject({ paid: 0, duplicates: 1 });

    const cashList = await toFile(join(dir, 'cash.xlsx'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: 'VNPOST', format: 'cash-list', output }));
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'cash.xlsx'));
    const sheetRows = (name: string) => (workbook.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['23293', '23293 tại nhà']);
    expect(sheetRows('23293')[0]![0]).toBe('DANH SÁCH CHI TRẢ TẠI ĐIỂM CHI TRẢ THÁNG 07/2024');
    expect(sheetRows('23293').slice(2, 4).map((row) => [row[0], row[2], row[4]])).toEqual([['STT', 'Họ và tên', 'Số tiền (đồng)'], [1, 'Võ Thị Em', 500_000]]);
    // the VNPost template's total row: the count under STT, the label, the sum
    expect(sheetRows('23293')[4]!.slice(0, 5).filter((value) => value !== undefined && value !== '')).toEqual([1, 'Tổng cộng', 500_000]);
    expect(sheetRows('23293 tại nhà')[3]!.slice(0, 5)).toEqual([1, expect.stringMatching(/^SA/), 'Đỗ Văn Giang', expect.any(String), 500_000]);
    // Regenerated years later it is the same file, byte for byte.
    const cashAgain = await later(() => toFile(join(dir, 'cash2.xlsx'), (output) => exportBatchFile(ctx, officer, { cycleId, providerCode: 'VNPOST', format: 'cash-list', output })));
    expect(cashAgain).toMatchObject({ sha256: cashList.sha256, regenerated: true });
    await handOverBatchOfProvider(ctx, officer, { cycleId, providerCode: 'VNPOST', round: 1 });
    const cash = ['Võ Thị Em', 'Đỗ Văn Giang'].map((name) => lines.find((line) => line.fullName === name)!);
    await expect(confirmCash(ctx, provider, { cycleId, requestId: 'r0', confirmations: [{ endToEndId: wallet.endToEndId!, result: 'PAID_SELF' }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const confirmed = await confirmCash(ctx, provider, {
      cycleId,
      requestId: 'r1',
      confirmations: [
        { endToEndId: cash[0]!.endToEndId!, result: 'PAID_REPRESENTATIVE', date: '12/07/2024', receiptNumber: 'BN-001' },
        { endToEndId: cash[1]!.endToEndId!, result: 'NOT_FOUND' },
      ],
    });
    expect(confirmed).toMatchObject({ paid: 1, failed: { UNCLAIMED: 1 }, cycleStatus: 'RECONCILED' });
    const ledger = await checkLedger(ctx.db.orm, cycleId);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
    const statuses = (await payrollLines(ctx, officer, cycleId, { limit: 100 })).map((line) => [line.fullName, line.status, line.reason]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['Nguyễn Văn An', 'RETURNED', 'AC04'],
        ['Trần Văn Bình', 'FAILED', 'AC04'],
        ['Lê Văn Cường', 'PAID', null],
        ['Phạm Thị Dung', 'PAID', null],
      ]),
    );
  });

  it('carries unpaid money into the next cycle, once', async () => {
    ctx.setNow('2024-08-05T03:00:00Z');
    const august = await generateCycle(ctx, officer, { month: '2024-08', unitCode: '23293' });
    const carried = (await payrollLines(ctx, officer, august.id, { component: 'CARRY_OVER', limit: 100 })).map((line) => [line.fullName, line.forMonth, line.amount]);
    expect(carried.sort()).toEqual([
      ['Nguyễn Văn An', '2024-07', 750_000],
      ['Trần Văn Bình', '2024-07', 750_000],
      ['Đỗ Văn Giang', '2024-07', 500_000],
    ].sort());
    const regenerated = await generateCycle(ctx, officer, { month: '2024-08', unitCode: '23293', regenerate: true });
    expect(regenerated.lineCount).toBe(august.lineCount);
  });
});

/** The provincial officer who records the Treasury funding: never the list's approver (separation of duties). */
async function funder(ctx: TestContext): Promise<Actor> {
  const { findUserByUsername } = await import('../src/modules/auth/users.repository.js');
  const { actorOfUser } = await import('../src/modules/auth/auth.service.js');
  const existing = await findUserByUsername(ctx.db.orm, 'tinh.kinhphi');
  return existing ? actorOfUser(existing, 'test-funder') : createTestUser(ctx, { username: 'tinh.kinhphi', role: 'province', unitCode: '51' });
}
