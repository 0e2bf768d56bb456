import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RejectedRow } from './oneoff.repository.js';
import { oneOffColumns } from './oneoff.service.js';

/**
 * The error report of a bulk one-off list as XLSX, streamed: each rejected row as it was in the
 * file (its columns repeated), then its errors in Vietnamese and English with their codes.
 */
export async function writeOneOffIssuesXlsx(output: Writable, rows: AsyncIterable<RejectedRow>, fileName: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Báo cáo lỗi');
  sheet.columns = [
    { header: 'Dòng / Row', key: 'row', width: 10 },
    ...oneOffColumns.map((column) => ({ header: `${column.key} (${column.vi})`, key: column.key, width: column.key === 'ly_do' ? 30 : 20 })),
    { header: 'Lỗi', key: 'message', width: 70 },
    { header: 'Errors', key: 'messageEn', width: 70 },
    { header: 'Mã lỗi / Codes', key: 'codes', width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of rows) {
    sheet
      .addRow({
        row: row.rowNumber,
        ...row.cells,
        message: row.errors.map((error) => `${error.field}: ${error.vi}`).join('\n'),
        messageEn: row.errors.map((error) => `${error.field}: ${error.en}`).join('\n'),
        codes: row.errors.map((error) => error.code).join(', '),
      })
      .commit();
  }
  sheet.addRow([]).commit();
  sheet.addRow([`Tệp: ${fileName}`]).commit();
  sheet.commit();
  await workbook.commit();
}
