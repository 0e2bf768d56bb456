import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatVnd, parseVnd, vndInWords } from '../../core/money.js';
import { signatureBlocks, vietnamesePdf } from '../formats/pdf.js';
import { channels, programmeNames, type Programme } from '../rules/categories.js';
import type { MonthlyReport, MonthlyRow } from './monthly.service.js';

/**
 * The monthly results report as the forms a unit signs and sends up (XLSX and PDF): the unit's
 * name and the period, a row per child unit and the total, the amount paid in words, and the
 * signature blocks (Người lập biểu, Kế toán, Thủ trưởng đơn vị). Every figure is the report's.
 */
const channelHeads: Record<(typeof channels)[number], string> = {
  TK_NGAN_HANG: 'TK ngân hàng',
  VI_DIEN_TU: 'Ví điện tử',
  MOBILE_MONEY: 'Mobile Money',
  TIEN_MAT: 'Tiền mặt tại điểm',
  TAI_NHA: 'Tại nhà',
};

const signatures = [
  { title: 'Người lập biểu', note: '(Ký, ghi rõ họ tên)' },
  { title: 'Kế toán', note: '(Ký, ghi rõ họ tên)' },
  { title: 'Thủ trưởng đơn vị', note: '(Ký tên, đóng dấu)' },
];

export function monthlyTitle(report: MonthlyReport): { title: string; subtitle: string } {
  const month = `${report.month.slice(5)}/${report.month.slice(0, 4)}`;
  const programme = report.programme === null ? 'tất cả chương trình' : programmeNames[report.programme as Programme].vi;
  return { title: `BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG ${month}`, subtitle: `${report.name ?? report.unit ?? ''} — ${programme}` };
}

/** The share as the plans write it: "94,0 %". */
function percent(share: number | null): string {
  return share === null ? '' : `${(share * 100).toFixed(1).replace('.', ',')} %`;
}

function target(row: MonthlyRow): string {
  if (row.target === null) return '';
  const goal = row.target.pct !== null ? `${String(row.target.pct).replace('.', ',')} %` : `${row.target.people} người`;
  return `${goal} (${row.target.period.slice(5)}/${row.target.period.slice(0, 4)})`;
}

const headings = [
  'STT', 'Đơn vị', 'Số người hưởng', 'Số tiền phải chi (đồng)', 'Đã chi: số người', 'Đã chi: số tiền (đồng)',
  ...channels.map((channel) => `Đã chi qua ${channelHeads[channel]} (người)`),
  'Không thành công (người)', 'Không thành công (đồng)', 'Trả lại (người)', 'Trả lại (đồng)', 'Chuyển kỳ sau (người)', 'Chuyển kỳ sau (đồng)',
  'Chưa chi (người)', 'Chưa chi (đồng)', 'Phí dịch vụ (đồng)', 'Tỷ lệ không dùng tiền mặt', 'Chỉ tiêu',
];

function cells(row: MonthlyRow, index: number | null): (string | number)[] {
  return [
    index === null ? '' : index, index === null ? 'TỔNG CỘNG' : (row.name ?? row.unit ?? ''), row.people, row.dueVnd, row.paid.people, row.paid.amountVnd,
    ...channels.map((channel) => row.paid.byChannel[channel]?.people ?? 0),
    row.failed.people, row.failed.amountVnd, row.returned.people, row.returned.amountVnd, row.carriedOver.people, row.carriedOver.amountVnd,
    row.outstanding.people, row.outstanding.amountVnd, row.feesVnd, percent(row.cashlessShare), target(row),
  ];
}

const moneyColumns = new Set(headings.flatMap((heading, index) => (heading.includes('(đồng)') ? [index + 1] : [])));

export async function writeMonthlyXlsx(output: Writable, report: MonthlyReport): Promise<void> {
  const { title, subtitle } = monthlyTitle(report);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Báo cáo', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([subtitle]).font = { italic: true };
  sheet.addRow([]);
  const header = sheet.addRow(headings);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  report.rows.forEach((row, index) => sheet.addRow(cells(row, index + 1)));
  sheet.addRow(cells(report.total, null)).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([`Tổng số tiền đã chi bằng chữ: ${vndInWords(parseVnd(report.total.paid.amountVnd))}`]);
  sheet.addRow([]);
  sheet.addRow(['', signatures[0]!.title, '', '', '', signatures[1]!.title, '', '', '', '', signatures[2]!.title]).font = { bold: true };
  sheet.addRow(['', signatures[0]!.note, '', '', '', signatures[1]!.note, '', '', '', '', signatures[2]!.note]);
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 6 : index === 1 ? 30 : 14;
    if (moneyColumns.has(index + 1)) column.numFmt = '#,##0';
  });
  await workbook.xlsx.write(output);
}

/** Columns of the PDF (A4 landscape): the people and amounts that fit on a page, the channels as one cell. */
const pdfColumns: { title: string; width: number; value: (row: MonthlyRow) => string; right?: boolean }[] = [
  { title: 'Đơn vị', width: 118, value: (row) => row.name ?? row.unit ?? '' },
  { title: 'Số người', width: 42, value: (row) => String(row.people), right: true },
  { title: 'Phải chi (đồng)', width: 76, value: (row) => formatVnd(parseVnd(row.dueVnd)).replace(' ₫', ''), right: true },
  { title: 'Đã chi (người)', width: 42, value: (row) => String(row.paid.people), right: true },
  { title: 'Đã chi (đồng)', width: 76, value: (row) => formatVnd(parseVnd(row.paid.amountVnd)).replace(' ₫', ''), right: true },
  { title: 'Theo hình thức (người)', width: 118, value: (row) => channels.filter((c) => row.paid.byChannel[c]).map((c) => `${channelHeads[c]}: ${row.paid.byChannel[c]!.people}`).join('; ') },
  { title: 'Không thành công / trả lại (người)', width: 62, value: (row) => `${row.failed.people} / ${row.returned.people}`, right: true },
  { title: 'Chuyển kỳ sau (người)', width: 46, value: (row) => String(row.carriedOver.people), right: true },
  { title: 'Chưa chi (người)', width: 42, value: (row) => String(row.outstanding.people), right: true },
  { title: 'Phí (đồng)', width: 60, value: (row) => formatVnd(parseVnd(row.feesVnd)).replace(' ₫', ''), right: true },
  { title: 'Không dùng tiền mặt', width: 50, value: (row) => percent(row.cashlessShare), right: true },
  { title: 'Chỉ tiêu', width: 54, value: target },
];

export async function writeMonthlyPdf(output: Writable, report: MonthlyReport): Promise<void> {
  const { title, subtitle } = monthlyTitle(report);
  const { doc, done } = vietnamesePdf(output, { size: 'A4', layout: 'landscape', margin: 28, info: { Title: `${title} — ${subtitle}` } });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const headerHeight = 34;
  const rowHeight = 26;
  const drawRow = (values: string[], height: number, bold: boolean) => {
    let x = left;
    const y = doc.y;
    doc.font(bold ? 'bold' : 'regular').fontSize(7.5);
    pdfColumns.forEach((column, index) => {
      doc.rect(x, y, column.width, height).stroke();
      doc.text(values[index]!, x + 2, y + 4, { width: column.width - 4, height: height - 6, ellipsis: true, align: column.right ? 'right' : 'left' });
      x += column.width;
    });
    doc.x = left;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(pdfColumns.map((column) => column.title), headerHeight, true);
  doc.font('bold').fontSize(13).text(title, { align: 'center' });
  doc.font('regular').fontSize(10).text(subtitle, { align: 'center' }).moveDown();
  drawHeader();
  for (const row of report.rows) {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom - 120) {
      doc.addPage();
      drawHeader();
    }
    drawRow(pdfColumns.map((column) => column.value(row)), rowHeight, false);
  }
  drawRow(pdfColumns.map((column, index) => (index === 0 ? 'TỔNG CỘNG' : column.value(report.total))), rowHeight, true);
  doc.moveDown().font('regular').fontSize(10).text(`Tổng số tiền đã chi bằng chữ: ${vndInWords(parseVnd(report.total.paid.amountVnd))}`, left);
  doc.moveDown();
  if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
  signatureBlocks(doc, signatures, { left, width });
  doc.end();
  await done;
}
