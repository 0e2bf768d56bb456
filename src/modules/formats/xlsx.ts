import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Streamed XLSX whose bytes depend only on its content, for files stored with their SHA-256 and
 * regenerated later (payment files must come out identical).
 *
 * ExcelJS's streaming writer zips with archiver, which stamps every entry with the time it is
 * appended — some entries in the writer's own constructor, before a caller could intervene. So a
 * fixed default date is set once on archiver's prototype (reached through a throw-away writer, as
 * archiver is ExcelJS's dependency, not ours). Entries given an explicit date keep it.
 */
const zipEntryDate = new Date(Date.UTC(2020, 0, 1));
let zipDatesFixed = false;

interface ArchiverPrototype {
  _normalizeEntryData(this: unknown, data: { date?: unknown }, stats?: unknown): unknown;
}

function fixZipEntryDates(): void {
  if (zipDatesFixed) return;
  const probe = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough() });
  const prototype = Object.getPrototypeOf((probe as unknown as { zip: object }).zip) as ArchiverPrototype;
  const normalize = prototype._normalizeEntryData;
  if (typeof normalize !== 'function') throw new Error('archiver changed: _normalizeEntryData is gone; XLSX files would not be reproducible');
  prototype._normalizeEntryData = function (this: unknown, data, stats) {
    return normalize.call(this, { ...data, date: data.date ?? zipEntryDate }, stats);
  };
  zipDatesFixed = true;
}

export type StreamedWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * Yields the XLSX bytes while `fill` writes rows (committing each row and each finished sheet).
 * `fill` should `await drained()` now and then — e.g. after each page read from the database — so
 * that a slow reader holds the writer back instead of the file piling up in memory.
 */
export async function* streamXlsx(
  createdAt: Date,
  fill: (workbook: StreamedWorkbook, drained: () => Promise<void>) => Promise<void>,
): AsyncGenerator<Buffer> {
  fixZipEntryDates();
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.created = createdAt;
  workbook.modified = createdAt;
  const drained = async (): Promise<void> => {
    if (output.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        output.once('drain', resolve);
        output.once('close', resolve);
      });
    }
    // Let archiver compress what the rows queued before more rows are written.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (output.destroyed) throw new Error('XLSX output closed before the workbook was finished');
  };
  const writing = fill(workbook, drained).then(() => workbook.commit());
  // The reader below sees a failure as a stream error; `writing` is awaited for the same error.
  writing.catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  for await (const chunk of output) yield chunk as Buffer;
  await writing;
}
