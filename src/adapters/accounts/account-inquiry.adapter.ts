/**
 * Account-name inquiry (NAPAS 247 "name inquiry", PAYMENT-FORMATS §4.4) as seen by ASXH Pay: does
 * an account exist at a bank or wallet, and whose name does it carry. Services depend on this
 * interface only, so tests and the demo use the simulator (src/simulators/accounts) through the
 * same HTTP client as production.
 */

export const accountStatuses = ['ACTIVE', 'CLOSED', 'BLOCKED', 'UNKNOWN'] as const;
/** ACTIVE: open and able to receive; CLOSED; BLOCKED (frozen/restricted); UNKNOWN: no such account. */
export type AccountStatus = (typeof accountStatuses)[number];

export interface AccountInquiryInput {
  /** The provider's NAPAS BIN (6 digits): a bank, or a wallet / Mobile Money provider routed by NAPAS. */
  providerCode: string;
  accountNumber: string;
}

export interface AccountInquiryResult {
  status: AccountStatus;
  /**
   * The holder's name as the provider keeps it: upper-case ASCII ("NGUYEN THI DAO"), or masked
   * when the provider only reveals initials ("N*** V** A*": one `*` per hidden letter). Null when
   * the provider returns no name (always for UNKNOWN).
   */
  accountName: string | null;
}

export interface AccountInquiryAdapter {
  /**
   * Looks one account up. A definite answer (including CLOSED or UNKNOWN) is a result; when no
   * answer could be obtained (timeout, outage) it throws AppError ACCOUNT_INQUIRY_UNAVAILABLE, and
   * the caller must leave the instrument as it was — a timeout says nothing about the account.
   */
  inquire(input: AccountInquiryInput): Promise<AccountInquiryResult>;
}

/** Body of `POST /v1/accounts/inquiry` (client and simulator share it). */
export interface AccountInquiryRequest {
  bin: string;
  accountNumber: string;
}

export type AccountInquiryResponse = AccountInquiryResult;

/** Header carrying the API key issued by the sponsor bank or payout provider. */
export const accountsApiKeyHeader = 'x-api-key';

/** The mask character providers use for hidden letters of a name. */
export const nameMaskCharacter = '*';

export function isMaskedName(name: string): boolean {
  return name.includes(nameMaskCharacter);
}
