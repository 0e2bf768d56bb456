/**
 * The wire protocol between ASXH Pay and the payment providers' systems (PAYMENT-FORMATS §1–§3,
 * §5.3, §6, §7): bank host-to-host (pain.001 up, pain.002 and return files down), G2P Connect
 * wallets (/disburse, /disburse/txn/status, on-disburse callbacks) and VNPost cash lists. Our
 * clients and the simulators both import it, so the two sides cannot drift apart.
 *
 * Every request is signed like a webhook (§7.1): `X-Asxh-Signature: t=…,v1=…`, an HMAC-SHA256
 * with the endpoint's shared secret over `t + "." + content`, where content is the raw body of a
 * POST, or `METHOD path?query` for a request without a body (so a read cannot be replayed for
 * another resource).
 */

export const providerSignatureHeader = 'x-asxh-signature';
/** IETF draft header; its value is the batch's message id, created once and reused forever (§6.2). */
export const idempotencyKeyHeader = 'idempotency-key';
/** Control totals of a VNPost cash list, checked by the receiver like pain.001's NbOfTxs/CtrlSum. */
export const itemCountHeader = 'x-item-count';
export const controlSumHeader = 'x-control-sum-vnd';

export const providerPaths = {
  bankUpload: '/h2h/pain001',
  bankReports: '/h2h/reports',
  bankReport: (id: string) => `/h2h/reports/${encodeURIComponent(id)}`,
  bankReturns: (id: string) => `/h2h/returns/${encodeURIComponent(id)}`,
  bankStatement: (id: string) => `/h2h/statements/${encodeURIComponent(id)}`,
  walletDisburse: '/disburse',
  walletStatus: '/disburse/txn/status',
  walletSyncStatus: '/disburse/sync/txn/status',
  postalLists: '/cash-lists',
  postalConfirmations: (messageId: string) => `/cash-lists/${encodeURIComponent(messageId)}/confirmations`,
} as const;

/** What a request signature covers (see the file comment). */
export function signedContent(method: string, pathWithQuery: string, body: string | Uint8Array | null): string | Uint8Array {
  return body === null ? `${method.toUpperCase()} ${pathWithQuery}` : body;
}

/** Our sender id in G2P Connect headers (the provider registers it). */
export const g2pSenderId = 'asxh-pay';

/** Batch message ids, G2P transaction ids and VNPost list ids share the pain.001 MsgId rule. */
export const messageIdPattern = /^[A-Za-z0-9-]{1,35}$/;

// ─── Bank host-to-host ────────────────────────────────────────────────────────────────────────────

/** 202 answer to a pain.001 upload; `duplicate` when the MsgId was already accepted (not processed twice). */
export interface BankUploadResponse {
  messageId: string;
  status: 'ACCEPTED';
  duplicate: boolean;
}

/**
 * pain.002 status reports; returns after success (pain.002 cannot say RETURNED) as ISO 20022 account
 * reports (camt.052) or debit/credit notifications (camt.054), or as a CSV file from a bank that
 * sends no camt.
 */
export const bankReportTypes = ['pain002', 'camt054', 'camt052', 'returns'] as const;
export type BankReportType = (typeof bankReportTypes)[number];

/** Where a report of each type is fetched. */
export function bankReportPath(report: { id: string; type: BankReportType }): string {
  if (report.type === 'pain002') return providerPaths.bankReport(report.id);
  return report.type === 'returns' ? providerPaths.bankReturns(report.id) : providerPaths.bankStatement(report.id);
}

export interface BankReportEntry {
  id: string;
  type: BankReportType;
  /** The pain.001 MsgId the report is about. */
  originalMessageId: string;
  createdAt: string;
}

export interface BankReportList {
  reports: BankReportEntry[];
}

/** Header of the returns file: what `reconcile.service` csvRecords reads (RETURNED + reason). */
export const bankReturnColumns = ['MaThamChieu', 'TrangThai', 'MaLyDo', 'LyDo'] as const;

// ─── VNPost ───────────────────────────────────────────────────────────────────────────────────────

/** The cash list we upload: one line per payment, amounts in whole đồng. */
export const postalListColumns = ['MaThamChieu', 'SoTien', 'HoTen'] as const;
/** The confirmations VNPost returns; TrangThai is one of `postalResults`. */
export const postalConfirmationColumns = ['MaThamChieu', 'TrangThai', 'NgayChi', 'SoBienNhan'] as const;
export const postalResults = ['DA_CHI_BAN_THAN', 'DA_CHI_NGUOI_NHAN_THAY', 'KHONG_GAP', 'TU_CHOI', 'DA_CHET'] as const;
export type PostalResult = (typeof postalResults)[number];

export interface PostalListResponse {
  messageId: string;
  status: 'ACCEPTED';
  duplicate: boolean;
}

// ─── Shared shapes ────────────────────────────────────────────────────────────────────────────────

/** Error body of all three (G2P Connect's `{ errors: [{ code, message }] }`). */
export interface ProviderErrorBody {
  errors: { code: string; message: string }[];
}

/** G2P Connect's synchronous answer to an asynchronous call, and our answer to a callback. */
export type { G2pAck } from '../../modules/formats/g2p-connect.js';

/** Our callback routes under a provider's callback URL (`sender_uri`): on-disburse at the URL itself, on-status below it. */
export const g2pOnStatusSuffix = '/disburse/txn/on-status';

/** How long our ed25519 body signature is valid (its `expires` − `created`). */
export const g2pSignatureValiditySeconds = 600;

/** ISO 8601 in Vietnam's offset, the form the formats expect (`2025-07-01T08:30:00+07:00`). */
export function vietnamTimestamp(date: Date): string {
  const shifted = new Date(date.getTime() + 7 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}
