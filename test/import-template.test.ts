import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeTemplateXlsx } from '../src/modules/registry/import/report.xlsx.js';
import { categories } from '../src/modules/rules/categories.js';
import { templateHeader } from '../src/modules/registry/validation/import-row.js';

/** The import template (issue 22, item 7): empty, with drop-down lists of every coded column and the examples apart. */
describe('the import template', () => {
  it('is empty, lists the valid values of every coded column as drop-downs, and keeps the examples on their own sheet', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeTemplateXlsx(stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Danh sách', 'Mã hợp lệ', 'Ví dụ', 'Hướng dẫn']);
    const data = workbook.getWorksheet('Danh sách')!;
    expect(data.actualRowCount).toBe(1);
    const header = templateHeader();
    const column = (key: string) => header.indexOf(key as (typeof header)[number]) + 1;
    const lists = workbook.getWorksheet('Mã hợp lệ')!;
    const listOf = (key: string): string[] => {
      const validation = data.getCell(2, column(key)).dataValidation;
      expect(validation?.type, key).toBe('list');
      const letter = /!\$([A-Z]+)\$/.exec(validation!.formulae![0] as string)![1]!;
      const values: string[] = [];
      for (let row = 2; lists.getCell(`${letter}${row}`).value !== null; row++) values.push(String(lists.getCell(`${letter}${row}`).value));
      return values;
    };
    expect(listOf('ma_doi_tuong')).toEqual(categories.map((category) => category.code));
    expect(listOf('hinh_thuc_nhan')).toEqual(['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA']);
    expect(listOf('gioi_tinh')).toEqual(['Nam', 'Nữ']);
    for (const key of ['chuong_trinh', 'trang_thai', 'ly_do', 'nguoi_nhan_thay_loai']) expect(listOf(key).length).toBeGreaterThan(1);
    // a free-text column has no list
    expect(data.getCell(2, column('ho_ten')).dataValidation?.type).toBeUndefined();
    expect(workbook.getWorksheet('Ví dụ')!.actualRowCount).toBeGreaterThan(2);
  });
});
