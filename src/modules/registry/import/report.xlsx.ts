import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { categories, channelNames, channels, enrolmentStatuses, programmeNames, programmes, statusReasonNames, statusReasons } from '../../rules/categories.js';
import { exampleRows, importColumns, templateHeader } from '../validation/import-row.js';
import type { IssueRow } from './import.service.js';
import { readSheet, type SheetFormat, type SheetRow } from './reader.js';

const severityVi = { error: 'Lỗi (dòng bị loại)', warning: 'Cảnh báo (cần xem lại)' } as const;

/**
 * The file's rows in order, looked up by row number as the issues (sorted by row) ask for them:
 * one pass over the file beside one pass over the issues, in flat memory.
 */
function rowsOfFile(source: { path: string; format: SheetFormat }) {
  const rows = readSheet(source.path, source.format)[Symbol.asyncIterator]();
  let current: SheetRow | null = null;
  let done = false;
  return async (rowNumber: number): Promise<string[] | null> => {
    while (!done && (current === null || current.rowNumber < rowNumber)) {
      const next = await rows.next();
      if (next.done) done = true;
      else current = next.value;
    }
    return current?.rowNumber === rowNumber ? current.cells : null;
  };
}

/**
 * The import's error report as XLSX, streamed (a million issues in flat memory). With the file
 * (`source`), each issue repeats the original row beside it, under the file's own headers.
 */
export async function writeIssuesXlsx(output: Writable, issues: AsyncIterable<IssueRow>, fileName: string, source?: { path: string; format: SheetFormat }): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Báo cáo lỗi');
  const rowOf = source ? rowsOfFile(source) : null;
  const fileHeader = rowOf ? ((await rowOf(1)) ?? []) : [];
  sheet.columns = [
    { header: 'Dòng / Row', key: 'row', width: 10 },
    { header: 'Cột / Column', key: 'field', width: 26 },
    { header: 'Mã / Code', key: 'code', width: 28 },
    { header: 'Mức độ / Severity', key: 'severity', width: 22 },
    { header: 'Nội dung', key: 'message', width: 80 },
    { header: 'Message', key: 'messageEn', width: 80 },
    ...fileHeader.map((title, index) => ({ header: `Dữ liệu gốc: ${title}`, key: `source${index}`, width: 16 })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  // A row is repeated unless one of its issues concerns a person or a unit outside the importer's
  // area (need to know: the report then tells nothing more of that row than its messages do).
  const writeRow = async (group: IssueRow[]) => {
    const hidden = group.some((issue) => issue.outsideScope === true || issue.code === 'UNIT_UNKNOWN');
    const cells = rowOf && !hidden && group[0]!.row > 1 ? ((await rowOf(group[0]!.row)) ?? []) : [];
    const source = Object.fromEntries(cells.map((cell, index) => [`source${index}`, cell]));
    for (const issue of group) sheet.addRow({ ...issue, severity: severityVi[issue.severity], ...source }).commit();
  };
  let group: IssueRow[] = [];
  for await (const issue of issues) {
    if (group.length > 0 && group[0]!.row !== issue.row) {
      await writeRow(group);
      group = [];
    }
    group.push(issue);
  }
  if (group.length > 0) await writeRow(group);
  sheet.addRow([]).commit();
  sheet.addRow([`Tệp: ${fileName}`]).commit();
  sheet.commit();
  await workbook.commit();
}

/** Coded columns of the template and their valid values (with their meaning), for the drop-down lists. */
function codeLists(): { key: string; title: string; values: { code: string; vi: string }[] }[] {
  const named = <T extends string>(codes: readonly T[], names: Record<T, { vi: string }>) => codes.map((code) => ({ code, vi: names[code].vi }));
  return [
    { key: 'gioi_tinh', title: 'Giới tính', values: [{ code: 'Nam', vi: 'Nam' }, { code: 'Nữ', vi: 'Nữ' }] },
    { key: 'chuong_trinh', title: 'Chương trình', values: named(programmes, programmeNames) },
    { key: 'ma_doi_tuong', title: 'Mã đối tượng', values: categories.map((category) => ({ code: category.code, vi: category.vi })) },
    { key: 'trang_thai', title: 'Trạng thái', values: enrolmentStatuses.map((code) => ({ code, vi: enrolmentStatusNames[code] })) },
    { key: 'ly_do', title: 'Lý do', values: named(statusReasons, statusReasonNames) },
    { key: 'hinh_thuc_nhan', title: 'Hình thức nhận', values: named(channels, channelNames) },
    { key: 'nguoi_nhan_thay_loai', title: 'Loại người nhận thay', values: [{ code: 'GIAM_HO', vi: 'Người giám hộ' }, { code: 'UY_QUYEN', vi: 'Người được ủy quyền' }] },
  ];
}

const enrolmentStatusNames: Record<(typeof enrolmentStatuses)[number], string> = { DANG_HUONG: 'Đang hưởng', TAM_DUNG: 'Tạm dừng', THOI_HUONG: 'Thôi hưởng' };

/** Rows of the data sheet that get the drop-down lists (a commune's list fits many times over). */
const validatedRows = 20_000;

/** The sheet's data validations by range (exceljs has them, its typings do not). */
const validations = (sheet: ExcelJS.Worksheet) => (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;

const columnLetter = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : columnLetter(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

/**
 * The template: an empty data sheet (its header only: what is typed there is imported), drop-down
 * lists of the valid values in every coded column, the examples on a sheet of their own, the
 * instructions, and the code lists with their meaning.
 */
export async function writeTemplateXlsx(output: Writable): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  const header = templateHeader();
  sheet.addRow(header).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  // Codes with leading zeros stay text (Excel would drop the zeros).
  for (const key of ['so_dinh_danh', 'so_cmnd', 'ma_don_vi', 'so_dien_thoai', 'so_tai_khoan', 'nguoi_nhan_thay_so_dinh_danh', 'ma_to_chuc']) {
    sheet.getColumn(header.indexOf(key as (typeof header)[number]) + 1).numFmt = '@';
  }
  sheet.columns.forEach((column) => (column.width = 18));
  const codes = workbook.addWorksheet('Mã hợp lệ');
  const lists = codeLists();
  lists.forEach((list, index) => {
    const code = columnLetter(index * 2);
    codes.getCell(`${code}1`).value = list.title;
    codes.getCell(`${columnLetter(index * 2 + 1)}1`).value = 'Ý nghĩa';
    list.values.forEach((value, row) => {
      codes.getCell(`${code}${row + 2}`).value = value.code;
      codes.getCell(`${columnLetter(index * 2 + 1)}${row + 2}`).value = value.vi;
    });
    const column = columnLetter(header.indexOf(list.key as (typeof header)[number]));
    validations(sheet).add(`${column}2:${column}${validatedRows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'Mã hợp lệ'!$${code}$2:$${code}$${list.values.length + 1}`],
      showErrorMessage: true,
      errorTitle: list.title,
      error: `Chọn một giá trị trong danh sách (sheet "Mã hợp lệ") / Pick a value of the list`,
    });
  });
  codes.getRow(1).font = { bold: true };
  codes.columns.forEach((column, index) => (column.width = index % 2 === 0 ? 22 : 40));
  const examples = workbook.addWorksheet('Ví dụ');
  examples.addRow(['Các dòng ví dụ: không nhập sheet này; điền danh sách ở sheet "Danh sách". / Examples only: fill the "Danh sách" sheet.']).font = { italic: true };
  examples.addRow(header).font = { bold: true };
  for (const row of exampleRows()) examples.addRow(header.map((key) => row[key]));
  examples.columns.forEach((column) => (column.width = 18));
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.addRow(['Cột', 'Bắt buộc', 'Ý nghĩa', 'Meaning', 'Giá trị hợp lệ', 'Tên cột khác cũng được nhận (vd. tệp xuất từ MIS Posasoft)']).font = { bold: true };
  for (const column of importColumns) {
    const aliases: readonly string[] = 'aliases' in column ? column.aliases : [];
    const list = lists.find((one) => one.key === column.key);
    guide.addRow([column.key, column.required ? 'Có' : '', column.vi, column.en, list ? list.values.map((value) => value.code).join(', ') : '', [column.vi, ...aliases].join('; ')]);
  }
  guide.addRow([]);
  guide.addRow(['Mã đơn vị trước 01/07/2025: mã xã cũ được chuyển sang mã xã mới theo bảng chuyển đổi (cảnh báo UNIT_LEGACY_MAPPED); xã cũ bị chia cho nhiều xã mới hoặc mã huyện cũ thì phải ghi mã xã mới.']);
  guide.addRow(['Tên cột không phân biệt hoa thường, có dấu hay không dấu; cột STT được bỏ qua.']);
  guide.columns.forEach((column) => (column.width = 30));
  await workbook.xlsx.write(output);
}
