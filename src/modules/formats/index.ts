/** Payment file and message formats (PAYMENT-FORMATS.md): pure code, no database. */
export * from './errors.js';
export * from './vietqr.js';
export * from './g2p-connect.js';
export * from './webhook.js';
export * from './csv-result.js';
export * from './file-template.js';
export * from './iso20022/status.js';
export * from './iso20022/pain001.js';
export * from './iso20022/pain002.js';
export * from './iso20022/camt.js';
export { collectText, type ChunkSource } from './streams.js';
export type { CharacterSet } from './fields.js';
export { streamXlsx, type StreamedWorkbook } from './xlsx.js';
