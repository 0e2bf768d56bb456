/**
 * A limit on everything (TigerStyle). Each bound is named `…Max` and lives here so that reviewers
 * see them together.
 */
export const limits = {
  requestBodyBytesMax: 2 * 1024 * 1024,
  uploadBytesMax: 512 * 1024 * 1024,
  requestTimeoutMsMax: 15 * 60_000,
  pageSizeMax: 200,
  failedLoginsMax: 5,
  lockoutMinutes: 15,
  sessionHoursMax: 12,
  passwordLengthMin: 12,
  passwordLengthMax: 256,
  usernameLengthMax: 64,
  /** Rows per set-based batch when staging bulk data (bounded memory, few round trips). */
  bulkBatchRowsMax: 10_000,
  importRowsMax: 5_000_000,
  /**
   * A load adding fewer rows than this keeps the table's indexes and foreign keys (db/bulk.ts);
   * below it, maintaining them row by row is cheap enough, whatever the table's size.
   */
  bulkLoadRowsMin: 100_000,
  /** Files from this size are read in a worker thread (stage-source.ts); smaller ones inline, without its start-up. */
  importWorkerBytesMin: 256 * 1024,
  /** Threads that parse and validate a large CSV file at once, at most (stage-chunks.ts); fewer on fewer cores. */
  importThreadsMax: 4,
  /** Bytes of a CSV file each thread parses at a time (whole records: about 5,500 template rows). */
  importChunkBytes: 1024 * 1024,
  demoBeneficiariesMax: 10_000_000,
  /** Months of paid history the demo can create (demo/history.ts). */
  demoHistoryMonthsMax: 24,
  reportErrorsMax: 1_000_000,
  /** Bytes of a backup file's header (`asxh backup`): the magic line and the manifest, padded; the payload follows. */
  backupHeaderBytes: 4096,
  /** Files and folders a PGlite backup's archive may hold (a data folder has a few thousand). */
  backupEntriesMax: 1_000_000,
  /** Characters of a database tool's error output kept in an error's details (pg_dump, pg_restore). */
  backupToolMessageMax: 4000,
  /** An uploaded import file waits this long for its confirmation after its preview (uploads.ts). */
  uploadPreviewMinutesMax: 120,
  /** An imported upload with rejected rows is kept this long, for its error report; then removed. */
  uploadReportMinutesMax: 30,
};
