import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatVnd, parseVnd, vndInWords } from '../../core/money.js';
import { signatureBlocks, vietnamesePdf } from '../formats/pdf.js';
import { channels, programmeNames, type Programme } from '../rules/categories.js';
import type { PublishedCount, PublishedRow } from './publication.js';

/**
 * The monthly results report as the forms a unit signs and sends up (XLSX and PDF): the unit's
 * name and the period, a row per child unit and the total, the amount paid in words, and the
 * signature blocks (Người lập biểu, Kế toán, Thủ trưởng đơn vị). Every figure is the report's.
 * The published figures (publication.ts) fill the same form: "< 5" for a small count, "—" for a
 * withheld figure, a line saying so under the title, and no amount in words when it is withheld.
 */

/** A row of the form: the report's own (every figure a number) or its published form. */
type FormRow = PublishedRow;
export interface FormReport {
  month: string;
  unit: string | null;
  name: string | null;
  programme: string | null;
  published?: true;
  rows: FormRow[];
  total: FormRow;
}

const withheld = '—';
const publishedNote = 'Số liệu công bố: số người từ 1 đến 4 ghi "< 5"; "—" là số liệu không công bố (ẩn để không suy ra được ô nhỏ)';
/** A count or amount as the XLSX holds it: the number, "< 5", or "—". */
const figureCell = (value: PublishedCount): number | string => (value === null ? withheld : value);
/** A count as text: "1.234", "< 5", "—". */
const countText = (value: PublishedCount): string => (value === null ? withheld : typeof value === 'number' ? String(value) : value);
const moneyText = (value: number | null): string => (value === null ? withheld : formatVnd(parseVnd(value)).replace(' ₫', ''));
const inWords = (report: FormReport) =>
  report.total.paid.amountVnd === null ? null : `Tổng số tiền đã chi bằng chữ: ${vndInWords(parseVnd(report.total.paid.amountVnd))}`;
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

export function monthlyTitle(report: Pick<FormReport, 'month' | 'programme' | 'name' | 'unit'>): { title: string; subtitle: string } {
  const month = `${report.month.slice(5)}/${report.month.slice(0, 4)}`;
  const programme = report.programme === null ? 'tất cả chương trình' : programmeNames[report.programme as Programme].vi;
  return { title: `BÁO CÁO KẾT QUẢ CHI TRẢ THÁNG ${month}`, subtitle: `${report.name ?? report.unit ?? ''} — ${programme}` };
}

/** The share as the plans write it: "94,0 %". */
function percent(share: number | null): string {
  return share === null ? '' : `${(share * 100).toFixed(1).replace('.', ',')} %`;
}

function target(row: FormRow): string {
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

function cells(row: FormRow, index: number | null): (string | number)[] {
  return [
    index === null ? '' : index,
    index === null ? 'TỔNG CỘNG' : (row.name ?? row.unit ?? ''),
    ...[row.people, row.dueVnd, row.paid.people, row.paid.amountVnd].map(figureCell),
    // an absent channel is 0; a withheld one (null) stays withheld
    ...channels.map((channel) => {
      const cell = row.paid.byChannel[channel];
      return figureCell(cell === undefined ? 0 : cell.people);
    }),
    ...[row.failed, row.returned, row.carriedOver, row.outstanding].flatMap((cell) => [figureCell(cell.people), figureCell(cell.amountVnd)]),
    figureCell(row.feesVnd),
    percent(row.cashlessShare),
    target(row),
  ];
}

const moneyColumns = new Set(headings.flatMap((heading, index) => (heading.includes('(đồng)') ? [index + 1] : [])));

export async function writeMonthlyXlsx(output: Writable, report: FormReport): Promise<void> {
  const { title, subtitle } = monthlyTitle(report);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Báo cáo', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([subtitle]).font = { italic: true };
  if (report.published) sheet.addRow([publishedNote]).font = { italic: true };
  sheet.addRow([]);
  const header = sheet.addRow(headings);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  report.rows.forEach((row, index) => sheet.addRow(cells(row, index + 1)));
  sheet.addRow(cells(report.total, null)).font = { bold: true };
  sheet.addRow([]);
  const words = inWords(report);
  if (words !== null) {
    sheet.addRow([words]);
    sheet.addRow([]);
  }
  sheet.addRow(['', signatures[0]!.title, '', '', '', signatures[1]!.title, '', '', '', '', signatures[2]!.title]).font = { bold: true };
  sheet.addRow(['', signatures[0]!.note, '', '', '', signatures[1]!.note, '', '', '', '', signatures[2]!.note]);
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 6 : index === 1 ? 30 : 14;
    if (moneyColumns.has(index + 1)) column.numFmt = '#,##0';
  });
  await workbook.xlsx.write(output);
}

/** Columns of the PDF (A4 landscape): the people and amounts that fit on a page, the channels as one cell. */
const pdfColumns: { title: string; width: number; value: (row: FormRow) => string; right?: boolean }[] = [
  { title: 'Đơn vị', width: 118, value: (row) => row.name ?? row.unit ?? '' },
  { title: 'Số người', width: 42, value: (row) => countText(row.people), right: true },
  { title: 'Phải chi (đồng)', width: 76, value: (row) => moneyText(row.dueVnd), right: true },
  { title: 'Đã chi (người)', width: 42, value: (row) => countText(row.paid.people), right: true },
  { title: 'Đã chi (đồng)', width: 76, value: (row) => moneyText(row.paid.amountVnd), right: true },
  { title: 'Theo hình thức (người)', width: 118, value: (row) => channels.filter((c) => row.paid.byChannel[c]).map((c) => `${channelHeads[c]}: ${countText(row.paid.byChannel[c]!.people)}`).join('; ') },
  { title: 'Không thành công / trả lại (người)', width: 62, value: (row) => `${countText(row.failed.people)} / ${countText(row.returned.people)}`, right: true },
  { title: 'Chuyển kỳ sau (người)', width: 46, value: (row) => countText(row.carriedOver.people), right: true },
  { title: 'Chưa chi (người)', width: 42, value: (row) => countText(row.outstanding.people), right: true },
  { title: 'Phí (đồng)', width: 60, value: (row) => moneyText(row.feesVnd), right: true },
  { title: 'Không dùng tiền mặt', width: 50, value: (row) => percent(row.cashlessShare), right: true },
  { title: 'Chỉ tiêu', width: 54, value: target },
];

export async function writeMonthlyPdf(output: Writable, report: FormReport): Promise<void> {
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
  doc.font('regular').fontSize(10).text(subtitle, { align: 'center' });
  if (report.published) doc.font('regular').fontSize(8).text(publishedNote, { align: 'center' });
  doc.moveDown();
  drawHeader();
  for (const row of report.rows) {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom - 120) {
      doc.addPage();
      drawHeader();
    }
    drawRow(pdfColumns.map((column) => column.value(row)), rowHeight, false);
  }
  drawRow(pdfColumns.map((column, index) => (index === 0 ? 'TỔNG CỘNG' : column.value(report.total))), rowHeight, true);
  const words = inWords(report);
  if (words !== null) doc.moveDown().font('regular').fontSize(10).text(words, left);
  doc.moveDown();
  if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
  signatureBlocks(doc, signatures, { left, width });
  doc.end();
  await done;
}
