import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { changeKindNames, changeReasonLabel, labelOf } from '../formats/labels.js';
import { programmeNames, statusReasonNames } from '../rules/categories.js';

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

const monthText = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
const coefficientText = (x10: string) => (Number(x10) / 10).toFixed(1).replace('.', ',');

/**
 * The server's detail in words: a continuing person's "2024-06" → "Đã chi trả đến tháng 06/2024", a
 * coefficient's "10 → 15" → "Hệ số 1,0 → 1,5"; an account change has none (the list shows no account).
 */
function detailText(change: ChangeListRow): string | null {
  if (change.detail === null || change.kind === 'ACCOUNT_CHANGED') return null;
  if (change.kind === 'CONTINUING' && /^\d{4}-\d{2}$/.test(change.detail)) return `Đã chi trả đến tháng ${monthText(change.detail)}`;
  const coefficient = /^(\d+) → (\d+)$/.exec(change.detail);
  if (change.kind === 'AMOUNT_CHANGED' && coefficient) return coefficient[1] === coefficient[2] ? null : `Hệ số ${coefficientText(coefficient[1]!)} → ${coefficientText(coefficient[2]!)}`;
  return change.detail;
}

export async function writeChangeListXlsx(output: Writable, list: { month: string; counts: Record<string, number>; changes: readonly ChangeListRow[] }, title: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tăng giảm');
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([`Tháng ${monthText(list.month)}`]);
  sheet.addRow([]);
  const header = sheet.addRow(['STT', 'Loại thay đổi', 'Số định danh', 'Họ và tên', 'Mã xã', 'Chương trình', 'Mức trước (đồng)', 'Mức nay (đồng)', 'Chênh lệch (đồng)', 'Lý do', 'Chi tiết']);
  header.font = { bold: true };
  list.changes.forEach((change, index) => {
    const difference = change.amount !== null || change.previousAmount !== null ? (change.amount ?? 0) - (change.previousAmount ?? 0) : null;
    sheet.addRow([
      index + 1,
      labelOf(changeKindNames, change.kind),
      change.personalId,
      change.fullName,
      change.communeCode,
      labelOf(programmeNames, change.programme),
      change.previousAmount,
      change.amount,
      difference,
      changeReasonLabel(change.reason, statusReasonNames),
      detailText(change),
    ]);
  });
  for (const column of [7, 8, 9]) sheet.getColumn(column).numFmt = '#,##0';
  sheet.getColumn(3).numFmt = '@';
  sheet.columns.forEach((column, index) => (column.width = [6, 24, 16, 26, 8, 18, 16, 16, 16, 40, 24][index] ?? 16));
  sheet.addRow([]);
  sheet.addRow(['Tổng hợp']).font = { bold: true };
  for (const [kind, count] of Object.entries(list.counts)) sheet.addRow([labelOf(changeKindNames, kind), count]);
  await workbook.xlsx.write(output);
}
