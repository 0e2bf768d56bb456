import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readVnd, vndToString, type AmountVnd } from '../../core/money.js';
import { invalidInput, parseFailed } from './errors.js';
import { requireIdentifier, requireMaxLength, requireOffsetDateTime, requirePattern, requirePositiveAmount } from './fields.js';
import type { ReportedStatus } from './iso20022/status.js';

/**
 * G2P Connect disburse API envelopes (PAYMENT-FORMATS §3, spec draft 1.0.0): request builders,
 * callback parsers, acknowledgements, the ed25519 body signature and financial addresses.
 * Transport, the HMAC header and bearer tokens live in adapters/providers.
 */

// ---------------------------------------------------------------------------------------------
// Financial addresses (§3.4)

/** `type:id@provider`, case-insensitive. The spec's own `format` forbids ':', so we use this one. */
export const financialAddressPattern = /^(?<type>[a-z][a-z0-9_-]*):(?<id>[A-Za-z0-9._-]{1,64})@(?<provider>[A-Za-z0-9.-]{1,64})$/i;

export interface FinancialAddress {
  type: string;
  id: string;
  provider: string;
}

export function parseFinancialAddress(value: string): FinancialAddress {
  const groups = financialAddressPattern.exec(value)?.groups;
  if (!groups) throw invalidInput(`financial address ${value} is not type:id@provider`, { value });
  return { type: groups.type!.toLowerCase(), id: groups.id!, provider: groups.provider!.toLowerCase() };
}

function requireFinancialAddress(value: string, field: string): string {
  return requirePattern(value, financialAddressPattern, field, 'must be a financial address type:id@provider');
}

/** Bank account: `account:{acct}@{bin}.napas` (our Vietnamese profile, to agree with counterparties). */
export function bankFa(accountNumber: string, bin: string): string {
  requirePattern(accountNumber, /^[A-Za-z0-9]{1,34}$/, 'accountNumber', 'must be 1–34 letters or digits');
  requirePattern(bin, /^\d{6}$/, 'bin', 'must be a 6-digit NAPAS BIN');
  return `account:${accountNumber}@${bin}.napas`;
}

/**
 * E-wallet by phone: `mobile:0xxxxxxxxx@{walletCode}`. +84/84 prefixes and separators are
 * normalised to the national 10-digit form so the same phone always gives the same address.
 */
export function mobileFa(phone: string, walletCode: string): string {
  const digits = phone.replace(/[\s.()-]/g, '').replace(/^\+?84(?=\d{9}$)/, '0');
  requirePattern(digits, /^0\d{9}$/, 'phone', 'must be a Vietnamese mobile number (0 + 9 digits)');
  requirePattern(walletCode, /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, 'walletCode', 'must be letters, digits, dots or dashes');
  return `mobile:${digits}@${walletCode.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// Amounts: the spec's pattern ^\d{1,13}\.\d{1,2}$ requires a decimal point, VND has no minor unit.

const g2pAmountPattern = /^(\d{1,13})\.(\d{1,2})$/;

/** 500000n → "500000.00" */
export function formatG2pAmount(amountVnd: AmountVnd): string {
  requirePositiveAmount(amountVnd);
  const digits = vndToString(amountVnd);
  if (digits.length > 13) throw invalidInput('amountVnd exceeds the 13 integer digits G2P Connect allows');
  return `${digits}.00`;
}

/** "500000.00" → 500000n; a non-zero fraction is an error for VND. */
export function parseG2pAmount(value: string): AmountVnd {
  const match = g2pAmountPattern.exec(value);
  if (!match) throw parseFailed(`amount ${value} does not match ^\\d{1,13}\\.\\d{1,2}$`);
  if (!/^0+$/.test(match[2]!)) throw parseFailed(`amount ${value} has a fraction, which VND cannot have`);
  const amount = readVnd(match[1]!);
  if (amount === null) throw parseFailed(`amount ${value} is out of range`);
  return amount;
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface G2pEnvelopeInput {
  messageId: string;
  /** ISO 8601 with offset. */
  messageTs: string;
  senderId: string;
  /** Callback base for on-disburse / on-status. */
  senderUri?: string;
  receiverId?: string;
  transactionId: string;
}

export interface G2pMessageHeader {
  version: '1.0.0';
  message_id: string;
  message_ts: string;
  action: string;
  sender_id: string;
  sender_uri?: string;
  receiver_id?: string;
  total_count: number;
  is_msg_encrypted: false;
}

export interface DisbursementInput {
  /** Our end-to-end id: the same immutable key as the ISO EndToEndId. */
  referenceId: string;
  payerFa: string;
  payeeFa: string;
  amountVnd: AmountVnd;
  /** Original Vietnamese name (NFC), not the bank-ASCII form (§1.6 rule 1). */
  payeeName?: string;
  payerName?: string;
  /** Statement text, ≤ 99. */
  note?: string;
  purpose?: string;
  /** ISO 8601 with offset; absent = immediate. */
  scheduledTimestamp?: string;
  currencyCode?: 'VND';
}

export interface G2pDisbursement {
  reference_id: string;
  payer_fa: string;
  payee_fa: string;
  amount: string;
  currency_code: 'VND';
  scheduled_timestamp?: string;
  payer_name?: string;
  payee_name?: string;
  note?: string;
  purpose?: string;
}

export interface G2pDisburseRequest {
  header: G2pMessageHeader;
  message: { transaction_id: string; disbursements: G2pDisbursement[] };
}

function messageHeader(input: G2pEnvelopeInput, action: string, totalCount: number): G2pMessageHeader {
  requireMaxLength(requirePattern(input.messageId, /^\S+$/, 'messageId', 'must be non-empty without spaces'), 99, 'messageId');
  requireOffsetDateTime(input.messageTs, 'messageTs');
  requirePattern(input.senderId, /^\S{1,99}$/, 'senderId', 'must be 1–99 characters without spaces');
  if (input.senderUri !== undefined && !URL.canParse(input.senderUri)) throw invalidInput('senderUri must be an absolute URL', { senderUri: input.senderUri });
  requireMaxLength(requirePattern(input.transactionId, /^\S+$/, 'transactionId', 'must be non-empty without spaces'), 99, 'transactionId');
  return {
    version: '1.0.0',
    message_id: input.messageId,
    message_ts: input.messageTs,
    action,
    sender_id: input.senderId,
    ...(input.senderUri === undefined ? {} : { sender_uri: input.senderUri }),
    ...(input.receiverId === undefined ? {} : { receiver_id: input.receiverId }),
    total_count: totalCount,
    is_msg_encrypted: false,
  };
}

/** Optional text field: omitted when absent, checked against the spec's length limit when present. */
function optionalText<K extends string>(key: K, value: string | undefined, maxLength: number): Partial<Record<K, string>> {
  if (value === undefined) return {};
  return { [key]: requireMaxLength(value.normalize('NFC'), maxLength, key) } as Partial<Record<K, string>>;
}

function disbursement(input: DisbursementInput, position: number): G2pDisbursement {
  const at = `disbursements[${position}]`;
  return {
    reference_id: requireIdentifier(input.referenceId, `${at}.referenceId`),
    payer_fa: requireFinancialAddress(input.payerFa, `${at}.payerFa`),
    payee_fa: requireFinancialAddress(input.payeeFa, `${at}.payeeFa`),
    amount: formatG2pAmount(input.amountVnd),
    currency_code: input.currencyCode ?? 'VND',
    ...(input.scheduledTimestamp === undefined ? {} : { scheduled_timestamp: requireOffsetDateTime(input.scheduledTimestamp, `${at}.scheduledTimestamp`) }),
    ...optionalText('payer_name', input.payerName, 99),
    ...optionalText('payee_name', input.payeeName, 99),
    ...optionalText('note', input.note, 99),
    ...optionalText('purpose', input.purpose, 99),
  };
}

/** POST /disburse body. `total_count` is the number of disbursements; reference ids must be unique. */
export function buildDisburseRequest(input: G2pEnvelopeInput & { disbursements: readonly DisbursementInput[] }): G2pDisburseRequest {
  if (input.disbursements.length === 0) throw invalidInput('a disburse request needs at least one disbursement');
  const disbursements = input.disbursements.map(disbursement);
  const seen = new Set<string>();
  for (const item of disbursements) {
    if (seen.has(item.reference_id)) throw invalidInput(`duplicate reference_id ${item.reference_id}`);
    seen.add(item.reference_id);
  }
  return {
    header: messageHeader(input, 'disburse', disbursements.length),
    message: { transaction_id: input.transactionId, disbursements },
  };
}

export type TxnStatusQuery =
  | { attributeType: 'transaction_id'; value: string }
  | { attributeType: 'reference_id_list'; value: readonly string[] }
  | { attributeType: 'correlation_id'; value: string };

export interface G2pTxnStatusRequest {
  header: G2pMessageHeader;
  message: {
    transaction_id: string;
    txnstatus_request: { reference_id: string; txn_type: 'disburse'; attribute_type: TxnStatusQuery['attributeType']; attribute_value: string | string[] };
  };
}

/**
 * Status request body, for both endpoints. `POST /disburse/sync/txn/status` takes the action
 * `search` (its enum: search, subscribe). For the asynchronous `POST /disburse/txn/status` the
 * draft's enum (on-disburse, on-search) is a copy-paste error, so we send 'txn/status' (the URI's
 * verb, as the header's description says) unless a counterparty agreed on another.
 */
export function buildTxnStatusRequest(
  input: G2pEnvelopeInput & { referenceId: string; query: TxnStatusQuery; action?: string },
): G2pTxnStatusRequest {
  const { query } = input;
  const attributeValue = query.attributeType === 'reference_id_list' ? [...query.value] : query.value;
  if (Array.isArray(attributeValue)) {
    if (attributeValue.length === 0) throw invalidInput('reference_id_list is empty');
    attributeValue.forEach((id, i) => requireIdentifier(id, `query.value[${i}]`));
  }
  return {
    header: messageHeader(input, input.action ?? 'txn/status', 1),
    message: {
      transaction_id: input.transactionId,
      txnstatus_request: {
        reference_id: requirePattern(input.referenceId, /^\S{1,99}$/, 'referenceId', 'must be 1–99 characters without spaces'),
        txn_type: 'disburse',
        attribute_type: query.attributeType,
        attribute_value: attributeValue,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Callbacks

export type G2pStatus = 'rcvd' | 'pdng' | 'succ' | 'rjct';
const g2pStatuses: readonly string[] = ['rcvd', 'pdng', 'succ', 'rjct'] satisfies G2pStatus[];

const g2pStatusMap: Readonly<Record<G2pStatus, ReportedStatus>> = { rcvd: 'ACCEPTED', pdng: 'ACCEPTED', succ: 'PAID', rjct: 'REJECTED' };

/** §8: rcvd/pdng → ACCEPTED, succ → PAID, rjct → REJECTED. */
export function mapG2pStatus(status: G2pStatus): ReportedStatus {
  return g2pStatusMap[status];
}

export interface G2pCallbackHeader {
  messageId: string;
  messageTs: string;
  action: string;
  status: G2pStatus;
  statusReasonCode: string | null;
  statusReasonMessage: string | null;
  totalCount: number | null;
  completedCount: number | null;
  senderId: string | null;
  receiverId: string | null;
}

export interface G2pDisbursementStatus {
  referenceId: string;
  timestamp: string;
  status: G2pStatus;
  reportedStatus: ReportedStatus;
  /** G2P Connect code, e.g. `rjct.payee_fa.invalid`. */
  statusReasonCode: string | null;
  statusReasonMessage: string | null;
  /** ISO reason carried as a message prefix ("AC04: …", our convention, §3.2); null when absent. */
  isoReasonCode: string | null;
  amountVnd: AmountVnd | null;
}

export interface G2pDisburseResult {
  header: G2pCallbackHeader;
  /** Null only for a header-level rejection that carries no message. */
  transactionId: string | null;
  statuses: G2pDisbursementStatus[];
}

/** "AC04: account closed" → AC04. Four characters: two letters, two letters or digits (ISO external codes). */
export function isoReasonPrefix(message: string | null): string | null {
  if (message === null) return null;
  return /^\s*([A-Z]{2}[A-Z0-9]{2})\s*[:\-–]/.exec(message)?.[1] ?? null;
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw parseFailed(`G2P Connect: ${path} must be an object`);
  return value as Json;
}

function text(json: Json, key: string, path: string): string {
  const value = json[key];
  if (typeof value !== 'string' || value.length === 0) throw parseFailed(`G2P Connect: ${path}.${key} must be a non-empty string`);
  return value;
}

function optionalString(json: Json, key: string, path: string, maxLength = 999): string | null {
  const value = json[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > maxLength) throw parseFailed(`G2P Connect: ${path}.${key} must be a string of at most ${maxLength} characters`);
  return value;
}

function optionalCount(json: Json, key: string, path: string): number | null {
  const value = json[key];
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw parseFailed(`G2P Connect: ${path}.${key} must be a non-negative integer`);
  return value as number;
}

function status(json: Json, path: string): G2pStatus {
  const value = text(json, 'status', path);
  if (!g2pStatuses.includes(value)) throw parseFailed(`G2P Connect: ${path}.status ${value} is not rcvd, pdng, succ or rjct`);
  return value as G2pStatus;
}

function callbackHeader(value: unknown, expectedActions: readonly string[]): G2pCallbackHeader {
  const header = object(value, 'header');
  const action = text(header, 'action', 'header');
  if (!expectedActions.includes(action)) throw parseFailed(`G2P Connect: header.action ${action} is not ${expectedActions.join(' or ')}`);
  if (header.is_msg_encrypted === true) throw parseFailed('G2P Connect: encrypted messages are not supported');
  return {
    messageId: text(header, 'message_id', 'header'),
    messageTs: text(header, 'message_ts', 'header'),
    action,
    status: status(header, 'header'),
    statusReasonCode: optionalString(header, 'status_reason_code', 'header'),
    statusReasonMessage: optionalString(header, 'status_reason_message', 'header'),
    totalCount: optionalCount(header, 'total_count', 'header'),
    completedCount: optionalCount(header, 'completed_count', 'header'),
    senderId: optionalString(header, 'sender_id', 'header'),
    receiverId: optionalString(header, 'receiver_id', 'header'),
  };
}

function disbursementStatus(value: unknown, position: number): G2pDisbursementStatus {
  const path = `disbursements_status[${position}]`;
  const item = object(value, path);
  const itemStatus = status(item, path);
  const message = optionalString(item, 'status_reason_message', path);
  const amount = optionalString(item, 'amount', path);
  return {
    referenceId: text(item, 'reference_id', path),
    timestamp: text(item, 'timestamp', path),
    status: itemStatus,
    reportedStatus: mapG2pStatus(itemStatus),
    statusReasonCode: optionalString(item, 'status_reason_code', path),
    statusReasonMessage: message,
    isoReasonCode: isoReasonPrefix(message),
    amountVnd: amount === null ? null : parseG2pAmount(amount),
  };
}

/** The DisburseResponse object: `{ transaction_id, disbursements_status[] }`. */
function disburseResponse(value: unknown, path: string): Pick<G2pDisburseResult, 'transactionId' | 'statuses'> {
  const message = object(value, path);
  const list = message.disbursements_status;
  if (!Array.isArray(list)) throw parseFailed(`G2P Connect: ${path}.disbursements_status must be an array`);
  return { transactionId: text(message, 'transaction_id', path), statuses: list.map(disbursementStatus) };
}

/**
 * Parses an /on-disburse callback body (already JSON-parsed; verify its signature on the raw
 * bytes first). The spec lets a callback carry only its header (`pdng` "still working", or a
 * header-level `rjct`): then `transactionId` is null, `statuses` empty, and the header's status
 * is all there is to learn.
 */
export function parseOnDisburse(body: unknown): G2pDisburseResult {
  const root = object(body, 'body');
  const header = callbackHeader(root.header, ['on-disburse']);
  if (root.message === undefined) return headerOnly(header);
  return { header, ...disburseResponse(root.message, 'message') };
}

function headerOnly(header: G2pCallbackHeader): G2pDisburseResult {
  if (header.status === 'succ') throw parseFailed('G2P Connect: a succ header needs a message with the statuses');
  return { header, transactionId: null, statuses: [] };
}

/** `message.txnstatus_response.txn_status` is a DisburseResponse (the spec's other branch, a search, is not ours). */
function txnStatusResponse(header: G2pCallbackHeader, value: unknown): G2pDisburseResult {
  if (value === undefined) return headerOnly(header);
  const message = object(value, 'message');
  const response = object(message.txnstatus_response, 'message.txnstatus_response');
  if (response.txn_type !== undefined && response.txn_type !== 'on-disburse') throw parseFailed(`G2P Connect: txn_type ${String(response.txn_type)} is not on-disburse`);
  return { header, ...disburseResponse(response.txn_status, 'message.txnstatus_response.txn_status') };
}

/**
 * Parses a /disburse/txn/on-status callback. The draft's enum for its header action is
 * on-disburse / on-search; 'on-status' and 'txn/on-status' (the URI's verb) are accepted too.
 */
export function parseOnTxnStatus(body: unknown): G2pDisburseResult {
  const root = object(body, 'body');
  return txnStatusResponse(callbackHeader(root.header, ['on-disburse', 'on-search', 'txn/on-status', 'on-status']), root.message);
}

/** Parses the answer of POST /disburse/sync/txn/status (header action on-search or notify). */
export function parseSyncTxnStatus(body: unknown): G2pDisburseResult {
  const root = object(body, 'body');
  return txnStatusResponse(callbackHeader(root.header, ['on-search', 'notify', 'on-disburse']), root.message);
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements: the synchronous answer to every asynchronous request and to every callback.
// `{ message: { ack_status, timestamp, correlation_id, error? } }`, without a header.

export const g2pAckStatuses = ['ACK', 'NACK', 'ERR'] as const;
export type G2pAckStatus = (typeof g2pAckStatuses)[number];

export interface G2pAck {
  message: { ack_status: G2pAckStatus; timestamp: string; correlation_id: string; error?: { code: string; message?: string } };
}

export interface G2pAckResult {
  ackStatus: G2pAckStatus;
  timestamp: string;
  correlationId: string;
  /** The spec's error code (`err.request.bad`, `err.signature.invalid` …) of a NACK or ERR. */
  errorCode: string | null;
  errorMessage: string | null;
}

export function buildG2pAck(ackStatus: G2pAckStatus, timestamp: string, correlationId: string, error?: { code: string; message?: string }): G2pAck {
  requireOffsetDateTime(timestamp, 'timestamp');
  requireMaxLength(correlationId, 99, 'correlationId');
  return { message: { ack_status: ackStatus, timestamp, correlation_id: correlationId, ...(error ? { error: { code: error.code, ...(error.message === undefined ? {} : { message: error.message.slice(0, 999) }) } } : {}) } };
}

/**
 * Reads an Ack; null when the body is not one (another shape, no ack_status): such an answer,
 * even a 200, says nothing about whether the receiver has the message.
 */
export function parseG2pAck(body: unknown): G2pAckResult | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const message = (body as Json).message;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const json = message as Json;
  const ackStatus = json.ack_status;
  if (typeof ackStatus !== 'string' || !(g2pAckStatuses as readonly string[]).includes(ackStatus)) return null;
  const error = typeof json.error === 'object' && json.error !== null ? (json.error as Json) : {};
  return {
    ackStatus: ackStatus as G2pAckStatus,
    timestamp: typeof json.timestamp === 'string' ? json.timestamp : '',
    correlationId: typeof json.correlation_id === 'string' ? json.correlation_id : '',
    errorCode: typeof error.code === 'string' ? error.code.slice(0, 100) : null,
    errorMessage: typeof error.message === 'string' ? error.message.slice(0, 300) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The body signature (MsgSignature): ed25519 over {header}+{message}, in the HTTP-signature form
// the spec's example shows:
//   Signature: namespace="g2p", kidId="{sender_id}|{key_id}|ed25519", algorithm="ed25519",
//   created="…", expires="…", headers="(created) (expires) digest", signature="Base64(…)"
// The signed string is "(created): C\n(expires): E\ndigest: BLAKE-512=D", D the base64 BLAKE2b-512
// of the canonical JSON (keys sorted at every level) of the header followed by that of the
// message: canonical, so the receiver's re-serialisation cannot break it.

const signatureFieldPattern = /([a-zA-Z]+)="([^"]*)"/g;
const signatureLengthMax = 2048;

/** Keys sorted at every level; what both sides digest. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function signingString(body: { header: unknown; message?: unknown }, created: number, expires: number): string {
  const digested = canonicalJson(body.header) + (body.message === undefined ? '' : canonicalJson(body.message));
  const digest = createHash('blake2b512').update(digested).digest('base64');
  return `(created): ${created}\n(expires): ${expires}\ndigest: BLAKE-512=${digest}`;
}

/** A key's id: the first 16 hex digits of SHA-256 of its public key (SPKI DER), the same on both sides. */
export function g2pKeyId(key: string | KeyObject): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function ed25519Key(pem: string, kind: 'private' | 'public'): KeyObject {
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw invalidInput(`the ${kind} key is not a PEM key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalidInput(`the ${kind} key is not an ed25519 key`);
  return key;
}

/** Returns the body with its `signature` (first, as in the spec's examples). */
export function signG2pBody<T extends { header: object; message?: unknown }>(
  body: T,
  options: { privateKeyPem: string; senderId: string; createdSeconds: number; validitySeconds: number },
): T & { signature: string } {
  const key = ed25519Key(options.privateKeyPem, 'private');
  const created = options.createdSeconds;
  const expires = created + options.validitySeconds;
  const signature = sign(null, Buffer.from(signingString(body, created, expires)), key).toString('base64');
  const kid = `${options.senderId}|${g2pKeyId(key)}|ed25519`;
  const value = `Signature: namespace="g2p", kidId="${kid}", algorithm="ed25519", created="${created}", expires="${expires}", headers="(created) (expires) digest", signature="${signature}"`;
  const { header, message, ...rest } = body;
  return { signature: value, header, ...(message === undefined ? {} : { message }), ...rest } as unknown as T & { signature: string };
}

export type G2pSignatureCheck =
  | { valid: true; keyId: string; senderId: string }
  | { valid: false; reason: 'missing' | 'malformed' | 'expired' | 'wrong-key' | 'mismatch' };

/**
 * Verifies a body's `signature` with the sender's public key: algorithm ed25519, the key id of
 * that key, the (created, expires) window with `toleranceSeconds` of clock difference, and the
 * signature of the header and message as received.
 */
export function verifyG2pBody(body: unknown, options: { publicKeyPem: string; nowSeconds: number; toleranceSeconds: number }): G2pSignatureCheck {
  if (typeof body !== 'object' || body === null) return { valid: false, reason: 'malformed' };
  const { signature, header, message } = body as Json;
  if (signature === undefined) return { valid: false, reason: 'missing' };
  if (typeof signature !== 'string' || signature.length > signatureLengthMax || typeof header !== 'object' || header === null) return { valid: false, reason: 'malformed' };
  const fields = new Map([...signature.matchAll(signatureFieldPattern)].map((match) => [match[1]!, match[2]!]));
  const created = Number(fields.get('created'));
  const expires = Number(fields.get('expires'));
  const [senderId, keyId, algorithm] = (fields.get('kidId') ?? '').split('|');
  const value = fields.get('signature');
  if (fields.get('algorithm') !== 'ed25519' || algorithm !== 'ed25519' || !senderId || !keyId || !value || !Number.isSafeInteger(created) || !Number.isSafeInteger(expires)) {
    return { valid: false, reason: 'malformed' };
  }
  const key = ed25519Key(options.publicKeyPem, 'public');
  if (keyId !== g2pKeyId(key)) return { valid: false, reason: 'wrong-key' };
  if (created > options.nowSeconds + options.toleranceSeconds || expires < options.nowSeconds - options.toleranceSeconds) return { valid: false, reason: 'expired' };
  const valid = verify(null, Buffer.from(signingString({ header, message }, created, expires)), key, Buffer.from(value, 'base64'));
  return valid ? { valid: true, keyId, senderId } : { valid: false, reason: 'mismatch' };
}
