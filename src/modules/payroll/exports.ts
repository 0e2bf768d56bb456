import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { addVnd, formatVnd, sumVnd, vndInWords, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { programmeName, type Disclosure } from '../access/need-to-know.js';
import { vietnamesePdf } from '../formats/pdf.js';
import { cycleStatusNames, labelOf, lineComponentNames } from '../formats/labels.js';
import { channelNames } from '../rules/categories.js';
import type { SummaryRow } from './changes.repository.js';
import type { CycleFeeTotals } from './ports.js';

/**
 * Official lists: the summary table for the Treasury and the per-commune payment list with
 * signature columns for cash and the total in words ("Bằng chữ"), as XLSX and as PDF with a
 * Vietnamese font (DejaVu Sans, shipped with the dejavu-fonts-ttf package).
 *
 * Need to know (registry/need-to-know.ts): the list writers take the export disclosure of the person
 * who downloads and apply it to every personal ID and account number they print; a line carries
 * no category, so none can be printed: the list shows the programme on every row (an HIV-related
 * category is never printed, Decree 20/2021 Art. 8, and its rows do not stand out).
 */
/** What a file says of its cycle (a payroll.service CycleView; declared here so that this file imports no service). */
export interface CycleView {
  id: number;
  month: string;
  status: string;
  provinceCode: string;
  communeCode: string | null;
  unitName: string | null;
}

export interface ListLine {
  personalId: string;
  fullName: string;
  programme: string;
  component: string;
  forMonth: string;
  amount: AmountVnd;
  channel: string;
  provider: string;
  accountNumber: string | null;
  representativeName: string | null;
}

function monthVi(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** Codes in words (formats/labels.ts, rules' channel names): a list is read and signed by people. */
const channelVi = (channel: string) => labelOf(channelNames, channel);
const componentVi = (component: string) => labelOf(lineComponentNames, component);

const isCash = (channel: string) => channel === 'TIEN_MAT' || channel === 'TAI_NHA';

export async function writeSummaryXlsx(output: Writable, cycle: CycleView, rows: SummaryRow[], fees?: CycleFeeTotals): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bảng tổng hợp');
  sheet.addRow([`BẢNG TỔNG HỢP KINH PHÍ CHI TRẢ THÁNG ${monthVi(cycle.month)}`]).font = { bold: true, size: 14 };
  sheet.addRow([`Đơn vị: ${cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode} — Kỳ chi trả #${cycle.id} — Trạng thái: ${labelOf(cycleStatusNames, cycle.status)}`]);
  sheet.addRow([]);
  const header = sheet.addRow(['STT', 'Mã xã', 'Xã/phường', 'Hình thức', 'Tổ chức chi trả', 'Số người', 'Số dòng', 'Số tiền (đồng)']);
  header.font = { bold: true };
  rows.forEach((row, index) =>
    sheet.addRow([index + 1, row.communeCode, row.communeName ?? '', channelVi(row.channel), row.providerName ?? row.providerCode, row.persons, row.lines, vndToNumber(row.amountVnd)]),
  );
  const total = sumVnd(rows.map((row) => row.amountVnd));
  sheet.addRow(['', '', 'Tổng cộng', '', '', rows.reduce((s, r) => s + r.persons, 0), rows.reduce((s, r) => s + r.lines, 0), vndToNumber(total)]).font = { bold: true };
  sheet.addRow([`Bằng chữ: ${vndInWords(total)}`]);
  if (fees) writeFeeRows(sheet, fees);
  sheet.getColumn(8).numFmt = '#,##0';
  [6, 10, 30, 24, 22, 10, 10, 18].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  await workbook.xlsx.write(output);
}

/**
 * The payment service fees under the table, per provider: paid by the paying agency to the
 * providers on top of the total above (never deducted from what the beneficiaries receive).
 */
function writeFeeRows(sheet: ExcelJS.Worksheet, fees: CycleFeeTotals): void {
  sheet.addRow([]);
  sheet.addRow(['PHÍ DỊCH VỤ CHI TRẢ (không trừ vào số tiền đối tượng nhận)']).font = { bold: true };
  sheet.addRow(['STT', '', 'Tổ chức chi trả', '', '', 'Số món chi', 'Thuế GTGT (đồng)', 'Phí gồm thuế (đồng)']).font = { bold: true };
  fees.byProvider.forEach((row, index) =>
    sheet.addRow([index + 1, '', row.providerName ?? row.providerCode, '', '', row.payments, vndToNumber(row.vatVnd), vndToNumber(row.feeVnd)]),
  );
  sheet.addRow(['', '', 'Tổng phí', '', '', fees.payments, vndToNumber(fees.vatVnd), vndToNumber(fees.feeVnd)]).font = { bold: true };
  sheet.getColumn(7).numFmt = '#,##0';
}

/** Whose list it is: a provider's agent gets its own payees only, and the list says so. */
export interface ListOptions {
  providerCode?: string | null;
  /** The providers' short names by code (a bank's code is its BIN): the list names them. */
  providerNames?: ReadonlyMap<string, string>;
}

const providerText = (code: string, options: ListOptions) => options.providerNames?.get(code) ?? code;

function assertExport(show: Disclosure): void {
  // A file leaves the system: only the export column of the table applies.
  if (show.action !== 'export') throw new Error('a list is written with the export disclosure');
}

function listTitle(commune: { code: string; name: string }, cycle: CycleView, options: ListOptions): string {
  return `${commune.name} (mã ${commune.code}) — Kỳ chi trả #${cycle.id}${options.providerCode ? ` — Tổ chức chi trả ${providerText(options.providerCode, options)}` : ''}`;
}

/** Per-commune payment list, streamed (a large commune in flat memory). */
export async function writeCommuneListXlsx(
  output: Writable,
  cycle: CycleView,
  commune: { code: string; name: string },
  lines: AsyncIterable<ListLine>,
  show: Disclosure,
  options: ListOptions = {},
): Promise<void> {
  assertExport(show);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Danh sách chi trả');
  sheet.addRow([`DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG ${monthVi(cycle.month)}`]).commit();
  sheet.addRow([listTitle(commune, cycle, options)]).commit();
  sheet.addRow([]).commit();
  const header = sheet.addRow(['STT', 'Họ và tên', 'Số định danh', 'Chương trình', 'Tháng', 'Khoản', 'Số tiền (đồng)', 'Hình thức', 'Tổ chức', 'Số tài khoản', 'Người nhận thay', 'Ký nhận']);
  header.font = { bold: true };
  header.commit();
  let index = 0;
  let total = zeroVnd;
  for await (const line of lines) {
    index += 1;
    total = addVnd(total, line.amount);
    sheet
      .addRow([index, line.fullName, show.personalId(line.personalId), programmeName(line.programme), monthVi(line.forMonth), componentVi(line.component), vndToNumber(line.amount),
        channelVi(line.channel), providerText(line.provider, options), show.accountNumber(line.accountNumber) ?? '', line.representativeName ?? '', isCash(line.channel) ? '' : '(chuyển khoản)'])
      .commit();
  }
  const totalRow = sheet.addRow(['', 'Tổng cộng', '', '', '', '', vndToNumber(total)]);
  totalRow.font = { bold: true };
  totalRow.commit();
  sheet.addRow([`Bằng chữ: ${vndInWords(total < zeroVnd ? zeroVnd : total)}`]).commit();
  sheet.addRow([]).commit();
  sheet.addRow(['', 'Người lập biểu', '', '', 'Kế toán', '', '', 'Chủ tịch UBND xã/phường']).commit();
  sheet.addRow(['', '(Ký, ghi rõ họ tên)', '', '', '(Ký, ghi rõ họ tên)', '', '', '(Ký tên, đóng dấu)']).commit();
  sheet.commit();
  await workbook.commit();
}

const pdfColumns = [
  { title: 'STT', width: 28 },
  { title: 'Họ và tên', width: 130 },
  { title: 'Số định danh', width: 78 },
  { title: 'Tháng', width: 44 },
  { title: 'Khoản', width: 70 },
  { title: 'Số tiền', width: 72 },
  { title: 'Hình thức', width: 96 },
  { title: 'Người nhận thay', width: 100 },
  { title: 'Ký nhận', width: 150 },
];

/** The same list as a printable A4 landscape PDF, header repeated on every page. */
export async function writeCommuneListPdf(
  output: Writable,
  cycle: CycleView,
  commune: { code: string; name: string },
  lines: AsyncIterable<ListLine>,
  show: Disclosure,
  options: ListOptions = {},
): Promise<void> {
  assertExport(show);
  const { doc, done } = vietnamesePdf(output, { size: 'A4', layout: 'landscape', margin: 28, info: { Title: `Danh sách chi trả ${commune.name} ${monthVi(cycle.month)}` } });
  const rowHeight = 22;
  const left = doc.page.margins.left;
  const drawHeader = () => {
    let x = left;
    const y = doc.y;
    doc.font('bold').fontSize(8);
    for (const column of pdfColumns) {
      doc.rect(x, y, column.width, rowHeight).stroke();
      doc.text(column.title, x + 3, y + 7, { width: column.width - 6 });
      x += column.width;
    }
    doc.y = y + rowHeight;
  };
  doc.font('bold').fontSize(13).text(`DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG ${monthVi(cycle.month)}`, { align: 'center' });
  doc.font('regular').fontSize(10).text(listTitle(commune, cycle, options), { align: 'center' }).moveDown();
  drawHeader();
  let index = 0;
  let total = zeroVnd;
  for await (const line of lines) {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom - 60) {
      doc.addPage();
      drawHeader();
    }
    index += 1;
    total = addVnd(total, line.amount);
    const cells = [
      String(index), line.fullName, show.personalId(line.personalId), monthVi(line.forMonth), componentVi(line.component),
      formatVnd(line.amount).replace(' ₫', ''), channelVi(line.channel), line.representativeName ?? '', isCash(line.channel) ? '' : 'Chuyển khoản',
    ];
    let x = left;
    const y = doc.y;
    doc.font('regular').fontSize(8);
    pdfColumns.forEach((column, i) => {
      doc.rect(x, y, column.width, rowHeight).stroke();
      doc.text(cells[i]!, x + 3, y + 7, { width: column.width - 6, height: rowHeight - 8, ellipsis: true, align: i === 5 ? 'right' : 'left' });
      x += column.width;
    });
    doc.y = y + rowHeight;
  }
  doc.moveDown().font('bold').fontSize(10).text(`Tổng cộng: ${formatVnd(total)}`, left);
  doc.font('regular').text(`Bằng chữ: ${vndInWords(total < zeroVnd ? zeroVnd : total)}`, left).moveDown();
  const signatureY = doc.y;
  doc.font('bold').text('Người lập biểu', left + 40, signatureY).text('Kế toán', left + 320, signatureY).text('Chủ tịch UBND xã/phường', left + 560, signatureY);
  doc.font('regular').fontSize(8).text('(Ký, ghi rõ họ tên)', left + 40, signatureY + 14).text('(Ký, ghi rõ họ tên)', left + 320, signatureY + 14).text('(Ký tên, đóng dấu)', left + 560, signatureY + 14);
  doc.end();
  await done;
}
