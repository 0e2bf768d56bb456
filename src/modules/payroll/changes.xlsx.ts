import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { statusReasonNames, type StatusReason } from '../rules/categories.js';

/**
 * The increases and decreases of a cycle (danh sách tăng, giảm) as XLSX for people: kinds and
 * reasons in words (never codes), amounts as numbers with thousands separators, counts per kind.
 * What it contains is what `cycleChanges` shows the caller (need-to-know applied there).
 */
export interface ChangeListRow {
  kind: string;
  personalId: string;
  fullName: string;
  communeCode: string;
  programme: string;
  previousAmount: number | null;
  amount: number | null;
  reason: string;
  detail: string | null;
}

const kindNames: Record<string, string> = {
  NEW: 'Tăng mới',
  CONTINUING: 'Tiếp tục từ hệ thống cũ',
  STOPPED: 'Giảm (thôi, tạm dừng)',
  AMOUNT_CHANGED: 'Điều chỉnh mức hưởng',
  ACCOUNT_CHANGED: 'Thay đổi nơi nhận tiền',
  CHANNEL_CHANGED: 'Trong đó: thay đổi hình thức nhận tiền',
};

const reasonNames: Record<string, string> = {
  NEW_DECISION: 'Quyết định hưởng mới',
  PAID_BY_PREVIOUS_SYSTEM: 'Đã được chi trả bởi hệ thống cũ, nay chi trả tiếp',
  NEW_WITH_ARREARS: 'Hưởng mới, có truy lĩnh các tháng trước',
  DEATH: 'Người hưởng đã chết',
  PAID_IN_ANOTHER_CYCLE: 'Đã chi ở danh sách khác',
  NO_LONGER_ELIGIBLE: 'Hết điều kiện hưởng (tuổi, thời hạn)',
  CATEGORY: 'Thay đổi diện đối tượng',
  BASE_LEVEL: 'Thay đổi mức chuẩn',
  COEFFICIENT: 'Thay đổi hệ số theo tuổi',
  BASE_LEVEL_AND_COEFFICIENT: 'Thay đổi mức chuẩn và hệ số',
  RATE: 'Thay đổi mức trợ cấp',
  CHANNEL: 'Thay đổi hình thức nhận tiền',
  ACCOUNT: 'Thay đổi tài khoản nhận tiền',
};

const programmeNames: Record<string, string> = { TGXH: 'Trợ giúp xã hội', NCC: 'Người có công', HTXH: 'Hưu trí xã hội' };

/** "TERMINATED:CHET" → "Thôi hưởng: chết". */
export function changeReasonText(reason: string): string {
  const [head, tail] = reason.split(':', 2) as [string, string | undefined];
  if (head === 'TERMINATED' || head === 'SUSPENDED') {
    const why = tail !== undefined && Object.hasOwn(statusReasonNames, tail) ? statusReasonNames[tail as StatusReason].vi.toLowerCase() : '—';
    return `${head === 'TERMINATED' ? 'Thôi hưởng' : 'Tạm dừng'}: ${why}`;
  }
  return reasonNames[reason] ?? reason;
}

export async function writeChangeListXlsx(output: Writable, list: { month: string; counts: Record<string, number>; changes: readonly ChangeListRow[] }, title: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tăng giảm');
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([`Tháng ${list.month.slice(5, 7)}/${list.month.slice(0, 4)}`]);
  sheet.addRow([]);
  const header = sheet.addRow(['STT', 'Loại thay đổi', 'Số định danh', 'Họ và tên', 'Mã xã', 'Chương trình', 'Mức trước (đồng)', 'Mức nay (đồng)', 'Chênh lệch (đồng)', 'Lý do', 'Chi tiết']);
  header.font = { bold: true };
  list.changes.forEach((change, index) => {
    const difference = change.amount !== null || change.previousAmount !== null ? (change.amount ?? 0) - (change.previousAmount ?? 0) : null;
    sheet.addRow([
      index + 1,
      kindNames[change.kind] ?? change.kind,
      change.personalId,
      change.fullName,
      change.communeCode,
      programmeNames[change.programme] ?? change.programme,
      change.previousAmount,
      change.amount,
      difference,
      changeReasonText(change.reason),
      change.kind === 'ACCOUNT_CHANGED' ? null : change.detail,
    ]);
  });
  for (const column of [7, 8, 9]) sheet.getColumn(column).numFmt = '#,##0';
  sheet.getColumn(3).numFmt = '@';
  sheet.columns.forEach((column, index) => (column.width = [6, 24, 16, 26, 8, 18, 16, 16, 16, 40, 24][index] ?? 16));
  sheet.addRow([]);
  sheet.addRow(['Tổng hợp']).font = { bold: true };
  for (const [kind, count] of Object.entries(list.counts)) sheet.addRow([kindNames[kind] ?? kind, count]);
  await workbook.xlsx.write(output);
}
