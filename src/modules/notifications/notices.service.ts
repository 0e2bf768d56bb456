import type { SQL } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { disclosure } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, type Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { findVisiblePerson } from '../registry/registry.service.js';
import {
  deleteTemplateRow, findTemplateRow, insertPaymentNotices, isOptedOut, listNotificationRows, listTemplateRows, recordDelivery, setOptOut, upsertTemplateRow,
  type PaymentFacts,
} from './notices.repository.js';
import { expireNewsOfItems } from './notifications.repository.js';
import { checkTemplate, defaultTemplates, kindOf, paymentPurposes, smsSegments, smsText, type PaymentPurpose, type SmsForm } from './templates.js';

export type { PaymentFacts } from './notices.repository.js';

/**
 * Payment news for beneficiaries (issue 22): queued with the change that causes it (a result
 * applied, a cash batch handed over), worded by the province, sent by the outbox's dispatcher in
 * the form the gateway needs, followed by its delivery report; a person may opt out.
 */
export function smsFormOf(ctx: Pick<AppContext, 'config'>): SmsForm {
  return ctx.config.smsAscii ? 'ascii' : 'unicode';
}

/** Queues the payment news of the facts (see notices.repository.ts) in the caller's transaction. */
export function enqueuePaymentNotices(executor: Executor, facts: PaymentFacts): Promise<number> {
  return insertPaymentNotices(executor, facts);
}

/** Gives up the pending payment news of the items `itemIds` (a relation of disbursement item ids). */
export function expirePaymentNewsOf(executor: Executor, itemIds: SQL): Promise<number> {
  return expireNewsOfItems(executor, itemIds);
}

// ─── Lists ───────────────────────────────────────────────────────────────────────────────────────

export interface NotificationView {
  id: number;
  kind: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
  delivery: 'DELIVERED' | 'UNDELIVERED' | null;
  /** The text as the gateway sends (or sent) it. */
  text: string;
  segments: number;
  phone: string | null;
  communeCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
}

/**
 * The SMS of a person, or of a unit (the outbox as officers follow it), newest first: what was
 * sent, whether the gateway delivered it. The phone only to roles that see contacts.
 */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  filter: { personalId?: string; unitCode?: string; status?: string; delivery?: string; kind?: string; beforeId?: number; limit?: number },
): Promise<NotificationView[]> {
  requirePermission(actor, 'reports.read');
  let personId: number | undefined;
  if (filter.personalId !== undefined) {
    const person = await findVisiblePerson(ctx.db.orm, actor.scope, filter.personalId.trim());
    if (!person) throw errors.notFound({ entity: 'beneficiary' });
    personId = person.id;
  }
  if (filter.unitCode !== undefined && !/^(\d{2}|\d{5})$/.test(filter.unitCode)) {
    throw domainError('UNIT_INVALID', 400, 'Mã đơn vị phải gồm 2 (tỉnh) hoặc 5 (xã) chữ số', 'A unit code has 2 (province) or 5 (commune) digits', { field: 'unit' });
  }
  const form = smsFormOf(ctx);
  const rows = await listNotificationRows(ctx.db.orm, actor.scope, {
    personId, unitCode: filter.unitCode, status: filter.status, delivery: filter.delivery,
    purposePrefix: filter.kind === undefined ? undefined : filter.kind.toLowerCase().replace(/_/g, '.').replace(/^payment\.cash\.(schedule|paid)$/, 'payment.cash_$1'),
    beforeId: filter.beforeId, limit: Math.min(Math.max(filter.limit ?? 100, 1), limits.pageSizeMax),
  });
  const show = disclosure(actor, 'view');
  const views = rows.map((row): NotificationView => {
    const text = smsText(row.body, form);
    return {
      id: row.id, kind: kindOf(row.purpose), status: row.status as NotificationView['status'], delivery: row.delivery as NotificationView['delivery'], text, segments: smsSegments(text), phone: show.contact(row.phone),
      communeCode: row.communeCode, attempts: row.attempts, lastError: row.lastError, createdAt: row.createdAt, sentAt: row.sentAt, deliveredAt: row.deliveredAt,
    };
  });
  if (views.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, { action: 'view', what: 'notifications', rows: views.length, entityType: 'notifications', unitCode: filter.unitCode ?? null,
      filter: { person: personId ?? null, status: filter.status, delivery: filter.delivery, kind: filter.kind } });
  }
  return views;
}

// ─── Templates ───────────────────────────────────────────────────────────────────────────────────

export interface TemplateView {
  kind: string;
  purpose: PaymentPurpose;
  /** The wording in force for the province: its own, else the national one, else the default. */
  text: string;
  source: 'PROVINCE' | 'NATIONAL' | 'DEFAULT';
  /** The worst case as the gateway would send it, and its segments. */
  sample: string;
  segments: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

function provinceOfActor(actor: Actor, provinceCode: string | null | undefined): string | null {
  const code = provinceCode ?? (actor.scope.level === 'national' ? null : actor.scope.provinceCode);
  if (code !== null && !/^\d{2}$/.test(code)) throw domainError('UNIT_INVALID', 400, 'Mã tỉnh gồm 2 chữ số', 'A province code has 2 digits', { field: 'province' });
  if (code !== null && !containsLocality(actor.scope, code, null)) throw errors.forbidden({ reason: 'province outside your area' });
  if (code === null && actor.scope.level !== 'national') throw errors.forbidden({ reason: 'the national wording is set nationally' });
  return code;
}

export async function listTemplates(ctx: AppContext, actor: Actor, input: { provinceCode?: string | null }): Promise<TemplateView[]> {
  requirePermission(actor, 'reports.read');
  const provinceCode = input.provinceCode ?? (actor.scope.level === 'national' ? null : actor.scope.provinceCode);
  // A commune's users read their province's wording too.
  if (provinceCode !== null && actor.scope.level !== 'national' && actor.scope.provinceCode !== provinceCode) throw errors.forbidden({ reason: 'province outside your area' });
  const rows = await listTemplateRows(ctx.db.orm, provinceCode);
  const form = smsFormOf(ctx);
  return paymentPurposes.map((purpose) => {
    const own = provinceCode === null ? undefined : rows.find((row) => row.purpose === purpose && row.provinceCode === provinceCode);
    const national = rows.find((row) => row.purpose === purpose && row.provinceCode === null);
    const row = own ?? national;
    const text = row?.body ?? defaultTemplates[purpose];
    const checked = checkTemplate(purpose, text, form === 'ascii' ? 'ascii' : 'unicode');
    return {
      kind: kindOf(purpose), purpose, text, source: own ? 'PROVINCE' : national ? 'NATIONAL' : 'DEFAULT', sample: checked.sample, segments: checked.segments,
      updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null,
    };
  });
}

/** The purpose of a kind given as PAYMENT_CREDITED or payment.credited. */
function purposeOf(kind: string): string {
  const text = kind.trim();
  return paymentPurposes.find((purpose) => purpose === text || kindOf(purpose) === text.toUpperCase()) ?? text;
}

/**
 * A province sets its wording of a kind (or the national wording, nationally); `text: null`
 * goes back to the wording above it. Checked before it is saved (templates.ts), audited.
 */
export async function setTemplate(ctx: AppContext, actor: Actor, input: { kind: string; provinceCode?: string | null; text: string | null }): Promise<TemplateView> {
  requirePermission(actor, 'settings.manage');
  const purpose = purposeOf(input.kind);
  const provinceCode = provinceOfActor(actor, input.provinceCode);
  const checked = input.text === null ? null : checkTemplate(purpose, input.text, smsFormOf(ctx));
  await ctx.db.orm.transaction(async (tx) => {
    const before = await findTemplateRow(tx, purpose, provinceCode);
    if (checked === null) {
      if (!(await deleteTemplateRow(tx, purpose, provinceCode))) return;
    } else {
      if (before?.body === checked.body) return;
      await upsertTemplateRow(tx, { purpose, provinceCode, body: checked.body, updatedBy: actor.username });
    }
    await recordAudit(tx, actor, {
      action: 'notifications.template_set', entityType: 'notification_template', entityId: `${purpose}/${provinceCode ?? 'VN'}`, unitCode: provinceCode,
      before: before ? { text: before.body } : null, after: checked ? { text: checked.body } : null,
    });
  });
  const views = await listTemplates(ctx, actor, { provinceCode });
  return views.find((view) => view.purpose === purpose)!;
}

// ─── Opt-out ─────────────────────────────────────────────────────────────────────────────────────

/** A person stops (or resumes) receiving payment news; recorded by an officer of their area, audited. */
export async function setPersonOptOut(ctx: AppContext, actor: Actor, input: { personalId: string; optOut: boolean; reason?: string | null }): Promise<{ optedOut: boolean; changed: boolean }> {
  requirePermission(actor, 'accounts.propose');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, input.personalId.trim());
  if (!person) throw errors.notFound({ entity: 'beneficiary' });
  const reason = input.reason?.trim() || null;
  if (reason !== null && reason.length > 300) throw domainError('REASON_TOO_LONG', 400, 'Lý do tối đa 300 ký tự', 'The reason has at most 300 characters', { field: 'reason' });
  return ctx.db.orm.transaction(async (tx) => {
    const changed = await setOptOut(tx, person.id, input.optOut, actor.username, reason);
    if (changed) {
      await recordAudit(tx, actor, { action: input.optOut ? 'notifications.opted_out' : 'notifications.opted_in', entityType: 'person', entityId: person.id, after: { reason } });
    }
    return { optedOut: input.optOut, changed };
  });
}

export async function personOptedOut(ctx: AppContext, personId: number): Promise<boolean> {
  return isOptedOut(ctx.db.orm, personId);
}

// ─── Delivery reports ────────────────────────────────────────────────────────────────────────────

/** The gateway's delivery report (its callback): applied to the message it sent with that id. */
export async function applyDeliveryReport(ctx: AppContext, report: { messageId: string; status: 'DELIVERED' | 'UNDELIVERED'; at?: string }): Promise<{ applied: boolean }> {
  const at = report.at ? new Date(report.at) : ctx.now();
  if (Number.isNaN(at.getTime())) throw domainError('DATE_INVALID', 400, 'Thời điểm không hợp lệ', 'Invalid time', { field: 'at' });
  return { applied: await recordDelivery(ctx.db.orm, { messageId: report.messageId, delivered: report.status === 'DELIVERED', at }) };
}
