import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/bootstrap.js';
import { demoDataset } from '../src/demo/generator.js';
import { limits } from '../src/limits.js';
import { chunkParseOptions, csvChunks, parseChunk, recordBytesMax, recordDelimiterOf, type CsvChunk } from '../src/modules/registry/import/csv-chunks.js';
import { importBeneficiaries, type ImportReport } from '../src/modules/registry/import/import.service.js';
import { templateHeader } from '../src/modules/registry/validation/import-row.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { tempDir } from './helpers/files.js';

async function chunksOf(path: string, chunkBytes: number): Promise<CsvChunk[]> {
  const delimiter = await recordDelimiterOf(path);
  expect(delimiter).not.toBeNull();
  const chunks: CsvChunk[] = [];
  for await (const chunk of csvChunks(path, delimiter!, chunkBytes)) chunks.push(chunk);
  return chunks;
}

/** Parses each chunk alone, numbering its records from the chunk's first row. */
function recordsOf(chunks: CsvChunk[], delimiter: '\n' | '\r\n'): { row: number; cells: string[] }[] {
  return chunks.flatMap((chunk) => {
    const records = parseChunk(chunk, delimiter);
    expect(records).toHaveLength(chunk.records);
    return records.map((cells, index) => ({ row: chunk.firstRow + index, cells }));
  });
}

function wholeFile(path: string, delimiter: '\n' | '\r\n'): { row: number; cells: string[] }[] {
  return (parse(readFileSync(path), chunkParseOptions(delimiter)) as string[][]).map((cells, index) => ({ row: index + 1, cells }));
}

describe('a CSV file cut into whole records (csv-chunks.ts)', () => {
  const dir = tempDir();
  // Quoted fields with line breaks, commas and doubled quotes; a blank line; a last record without a line break.
  const records = [
    ['ho_ten', 'dia_chi', 'ghi_chu'],
    ['Nguyễn Văn A', 'Thôn 1, xã Đắk Hà', 'một'],
    ['Trần Thị "Bé"', 'Dòng 1\nDòng 2', ''],
    [''],
    ['Lê Văn C', '"', 'a,b,"c"'],
    ['Phạm D', 'x\n\n\ny', 'cuối'],
  ];

  it('keeps every record whole, in order and with its row number, at any chunk size (LF and CRLF, BOM)', async () => {
    for (const delimiter of ['\n', '\r\n'] as const) {
      const text = stringify(records, { record_delimiter: delimiter === '\n' ? 'unix' : 'windows' }).replace(/\r?\n$/, '');
      const path = join(dir, `file-${delimiter.length}.csv`);
      writeFileSync(path, '\uFEFF' + text);
      const expected = wholeFile(path, delimiter);
      expect(expected).toHaveLength(records.length);
      for (const chunkBytes of [1, 7, 40, 1 << 20]) {
        const chunks = await chunksOf(path, chunkBytes);
        expect(chunks[0]).toMatchObject({ firstRow: 1, records: 1 });
        expect(Buffer.concat(chunks.map((chunk) => chunk.bytes))).toEqual(readFileSync(path));
        expect(recordsOf(chunks, delimiter)).toEqual(expected);
      }
    }
  });

  it('parses a piece as csv-parse parses it: quoted and plain records mixed, faults at the same record', () => {
    // Random pieces from characters that matter to CSV, so that quotes, commas and line breaks
    // meet in every combination, well-formed or not.
    const alphabet = ['a', 'Đ', ',', '"', '""', '\n', '\r\n', '\r', ' ', ''];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const outcome = (run: () => string[][]) => {
      try {
        return { records: run() };
      } catch (error) {
        return { code: (error as { code?: string }).code, records: (error as { records?: number }).records };
      }
    };
    let faults = 0;
    for (let sample = 0; sample < 3000; sample++) {
      const length = 1 + Math.floor(random() * 30);
      const text = (sample % 5 === 0 ? '\uFEFF' : '') + Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      for (const delimiter of ['\n', '\r\n'] as const) {
        const bytes = new Uint8Array(Buffer.from(text));
        const expected = outcome(() => parse(Buffer.from(text), chunkParseOptions(delimiter)) as string[][]);
        if ('code' in expected) faults += 1;
        expect(outcome(() => parseChunk({ bytes }, delimiter)), JSON.stringify(text)).toEqual(expected);
      }
    }
    // the samples include faulty pieces, not only well-formed ones
    expect(faults).toBeGreaterThan(100);
  });

  it('ends with what follows the last line break, and nothing for an empty file', async () => {
    const path = join(dir, 'trailing.csv');
    writeFileSync(path, 'a,b\nc,d\n');
    expect((await chunksOf(path, 1)).map((chunk) => [chunk.firstRow, chunk.records])).toEqual([[1, 1], [2, 1]]);
    writeFileSync(path, 'a,b\nc,"d\n');
    const chunks = await chunksOf(path, 1 << 20);
    expect(chunks.map((chunk) => [chunk.firstRow, chunk.records])).toEqual([[1, 1], [2, 1]]);
    // a quote left open that swallows the rest of a large file: refused, not held in memory
    writeFileSync(path, `a,b\nc,d\n"${'x'.repeat(recordBytesMax + 1)}\n`);
    await expect(chunksOf(path, 1 << 20)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', details: { row: 3 } });
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(await recordDelimiterOf(empty)).toBeNull();
  });
});

describe('a large CSV file read by several threads', () => {
  let ctx: TestContext;
  const defaults = { ...limits };
  const actor = { ...systemActor('chunk-test'), username: 'chunk-test' };
  beforeAll(async () => {
    ctx = await createTestContext('2025-09-10T03:00:00Z');
  });
  afterEach(() => Object.assign(limits, defaults));
  afterAll(async () => ctx.close());

  /** The same file imported inline (one stream) and in chunks of `chunkBytes` by two threads. */
  async function bothWays(path: string, chunkBytes: number): Promise<{ inline: ImportReport; chunked: ImportReport }> {
    limits.importWorkerBytesMin = Number.MAX_SAFE_INTEGER;
    const inline = await importBeneficiaries(ctx, actor, { path, dryRun: true });
    Object.assign(limits, { importWorkerBytesMin: 0, importChunkBytes: chunkBytes, importThreadsMax: 2 });
    const chunked = await importBeneficiaries(ctx, actor, { path, dryRun: true });
    return { inline, chunked };
  }

  it('reports the same rows, row numbers and issues as reading it in one stream', async () => {
    const header = templateHeader();
    const rows = [...demoDataset(40, { seed: 11, today: '2025-09-10', communes: [['23293', 1]] })].map((row) => header.map((key) => (row as Record<string, string>)[key] ?? ''));
    // Bad rows spread over the file, an address with line breaks and quotes, and blank lines.
    rows[3]![header.indexOf('so_dinh_danh')] = '12345';
    rows[17]![header.indexOf('ngay_sinh')] = '31/02/1950';
    rows[20]![header.indexOf('dia_chi')] = 'Thôn "Mới"\r\nxã Đắk Hà, tỉnh Quảng Ngãi';
    rows[31]![header.indexOf('ma_don_vi')] = '99999';
    const lines = [header, ...rows.slice(0, 25), header.map(() => ''), ...rows.slice(25)];
    const path = join(tempDir(), 'large.csv');
    writeFileSync(path, '\uFEFF' + stringify(lines, { record_delimiter: 'windows' }) + '\r\n');
    const { inline, chunked } = await bothWays(path, 500);
    expect(inline).toMatchObject({ rows: 40, rejected: 3 });
    expect(chunked).toEqual(inline);
    expect(chunked.errors.map((issue) => [issue.row, issue.code])).toEqual(
      expect.arrayContaining([[5, 'ID_FORMAT'], [19, 'DOB_INVALID'], [34, 'UNIT_UNKNOWN']]),
    );
  });

  it('names the row of a quote left open, counted over the whole file', async () => {
    const good = [...demoDataset(30, { seed: 5, today: '2025-09-10', communes: [['23293', 1]] })];
    const header = templateHeader();
    const body = good.map((row) => header.map((key) => (row as Record<string, string>)[key] ?? ''));
    const path = join(tempDir(), 'open-quote.csv');
    writeFileSync(path, `${stringify([header, ...body])}"unterminated,1\n`);
    // the header, the good rows, then the open quote
    const row = 1 + body.length + 1;
    limits.importWorkerBytesMin = Number.MAX_SAFE_INTEGER;
    const inline = importBeneficiaries(ctx, actor, { path, dryRun: true });
    await expect(inline).rejects.toMatchObject({ code: 'FILE_UNREADABLE', details: { row } });
    Object.assign(limits, { importWorkerBytesMin: 0, importChunkBytes: 300, importThreadsMax: 2 });
    const chunked = importBeneficiaries(ctx, actor, { path, dryRun: true });
    await expect(chunked).rejects.toMatchObject({ code: 'FILE_UNREADABLE', details: { row } });
  });

  it('stops a file over the row limit', async () => {
    const rows = [...demoDataset(12, { seed: 8, today: '2025-09-10', communes: [['23293', 1]] })];
    const header = templateHeader();
    const path = join(tempDir(), 'too-many.csv');
    writeFileSync(path, stringify([header, ...rows.map((row) => header.map((key) => (row as Record<string, string>)[key] ?? ''))]));
    Object.assign(limits, { importWorkerBytesMin: 0, importChunkBytes: 200, importThreadsMax: 2, importRowsMax: 10 });
    await expect(importBeneficiaries(ctx, actor, { path, dryRun: true })).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE' });
  });
});
