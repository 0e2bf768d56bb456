import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { categories } from '../../rules/categories.js';
import { exampleRows, importColumns, templateHeader } from '../validation/import-row.js';
import type { IssueRow } from './import.service.js';

const severityVi = { error: 'Lỗi (dòng bị loại)', warning: 'Cảnh báo (cần xem lại)' } as const;

/** The import's error report as XLSX, streamed (a million issues in flat memory). */
export async function writeIssuesXlsx(output: Writable, issues: AsyncIterable<IssueRow>, fileName: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Báo cáo lỗi');
  sheet.columns = [
    { header: 'Dòng / Row', key: 'row', width: 10 },
    { header: 'Cột / Column', key: 'field', width: 26 },
    { header: 'Mã / Code', key: 'code', width: 28 },
    { header: 'Mức độ / Severity', key: 'severity', width: 22 },
    { header: 'Nội dung', key: 'message', width: 80 },
    { header: 'Message', key: 'messageEn', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const issue of issues) {
    sheet.addRow({ ...issue, severity: severityVi[issue.severity] }).commit();
  }
  sheet.addRow([]).commit();
  sheet.addRow([`Tệp: ${fileName}`]).commit();
  sheet.commit();
  await workbook.commit();
}

/** The empty template with example rows and a sheet of instructions and codes. */
export async function writeTemplateXlsx(output: Writable): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  const header = templateHeader();
  sheet.addRow(header).font = { bold: true };
  for (const row of exampleRows()) sheet.addRow(header.map((key) => row[key]));
  // Codes with leading zeros stay text (Excel would drop the zeros).
  for (const key of ['so_dinh_danh', 'so_cmnd', 'ma_don_vi', 'so_dien_thoai', 'so_tai_khoan', 'nguoi_nhan_thay_so_dinh_danh', 'ma_to_chuc']) {
    sheet.getColumn(header.indexOf(key as (typeof header)[number]) + 1).numFmt = '@';
  }
  sheet.columns.forEach((column) => (column.width = 18));
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.addRow(['Cột', 'Bắt buộc', 'Ý nghĩa', 'Meaning', 'Tên cột khác cũng được nhận (vd. tệp xuất từ MIS Posasoft)']).font = { bold: true };
  for (const column of importColumns) {
    const aliases: readonly string[] = 'aliases' in column ? column.aliases : [];
    guide.addRow([column.key, column.required ? 'Có' : '', column.vi, column.en, [column.vi, ...aliases].join('; ')]);
  }
  guide.addRow([]);
  guide.addRow(['Mã đơn vị trước 01/07/2025: mã xã cũ được chuyển sang mã xã mới theo bảng chuyển đổi (cảnh báo UNIT_LEGACY_MAPPED); xã cũ bị chia cho nhiều xã mới hoặc mã huyện cũ thì phải ghi mã xã mới.']);
  guide.addRow(['Tên cột không phân biệt hoa thường, có dấu hay không dấu; cột STT được bỏ qua.']);
  guide.addRow([]);
  guide.addRow(['Mã đối tượng', 'Chương trình', 'Tên', 'Name']).font = { bold: true };
  for (const category of categories) guide.addRow([category.code, category.programme, category.vi, category.en]);
  guide.columns.forEach((column) => (column.width = 30));
  await workbook.xlsx.write(output);
}
