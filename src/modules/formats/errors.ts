import { AppError } from '../../core/errors.js';

/**
 * Stable codes for format problems. These are operating errors (bad data from the database or from
 * a counterparty), not bugs, so they are `AppError`s that an import report or API can show.
 */
export type FormatErrorCode =
  /** Our own input cannot be written in the format (bad id, empty name after transliteration, …). */
  | 'FORMAT_INPUT_INVALID'
  /** A file or message from a counterparty does not follow the format. */
  | 'FORMAT_PARSE_FAILED'
  /** What was streamed differs from the control totals declared up front: discard the output. */
  | 'FORMAT_CONTROL_TOTAL_MISMATCH'
  /** A signed payload failed its checksum (VietQR CRC). */
  | 'FORMAT_CHECKSUM_MISMATCH';

const vietnameseText: Record<FormatErrorCode, string> = {
  FORMAT_INPUT_INVALID: 'Dữ liệu không ghi được theo định dạng thanh toán',
  FORMAT_PARSE_FAILED: 'Tệp hoặc thông điệp không đúng định dạng',
  FORMAT_CONTROL_TOTAL_MISMATCH: 'Số món hoặc tổng tiền không khớp với số liệu kiểm soát',
  FORMAT_CHECKSUM_MISMATCH: 'Mã kiểm tra (CRC) không khớp',
};

export class FormatError extends AppError {
  override name = 'FormatError';
  constructor(
    readonly formatCode: FormatErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(formatCode, 422, { vi: vietnameseText[formatCode], en: message }, details);
  }
}

export function invalidInput(message: string, details: Record<string, unknown> = {}): FormatError {
  return new FormatError('FORMAT_INPUT_INVALID', message, details);
}

export function parseFailed(message: string, details: Record<string, unknown> = {}): FormatError {
  return new FormatError('FORMAT_PARSE_FAILED', message, details);
}
