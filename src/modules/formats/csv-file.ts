import { createReadStream } from 'node:fs';
import { parse, type Options, type Parser } from 'csv-parse';

/**
 * A CSV file parsed as a stream. A read error (a missing file, an I/O failure) ends the rows with
 * that error for whoever reads them; `pipe` alone does not forward it, and an unhandled stream
 * error would stop the whole server.
 */
export function parseCsvFile(path: string, options: Options): Parser {
  const parser = parse(options);
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  return parser;
}

/** True when `error` says the file is not there. */
export function isFileMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
