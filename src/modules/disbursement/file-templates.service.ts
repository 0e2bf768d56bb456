import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import { vnd } from '../../core/money.js';
import { resourcesDir } from '../../core/paths.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { collectText, parseFileTemplate, templateCells, templateHeaders, templateTotalCells, TemplateTotals, writeTemplateCsv, type FileTemplate, type TemplateRow } from '../formats/index.js';
import { findProvider } from './endpoints.repository.js';
import { findCurrentTemplate, insertTemplateVersion, listCurrentTemplateNames } from './file-templates.repository.js';
import type { FileTemplateUsed } from './files.repository.js';

/**
 * The bulk CSV/XLSX layout of each provider, as data. The shipped templates
 * (`resources/file-templates/*.json`) are the defaults: the generic bank file for CSV/XLSX, the
 * VNPost list for cash; a system administrator gives a provider its own (a shipped one or a JSON
 * file), stored as a new version. A file records the template it was written with
 * (files.service.ts), so that regenerating it gives the same bytes after the template changed.
 */
export const shippedTemplateNames = ['generic-bank', 'viettel-money-chi-ho', 'vnpt-money', 'vnpost-cash-list'] as const;
export type ShippedTemplateName = (typeof shippedTemplateNames)[number];

/** What a file is for: a bulk payment list (CSV/XLSX) or VNPost's cash list. */
export type TemplatePurpose = 'bulk' | 'cash-list';

const defaultShipped: Record<TemplatePurpose, ShippedTemplateName> = { bulk: 'generic-bank', 'cash-list': 'vnpost-cash-list' };

export interface TemplateInForce {
  /** `provider`: the provider's own, stored; `shipped`: a default of `resources/file-templates/`. */
  source: 'provider' | 'shipped';
  name: string;
  /** The provider's version; 0 for a shipped template. */
  version: number;
  template: FileTemplate;
  createdBy: string | null;
  createdAt: string | null;
}

const shippedCache = new Map<ShippedTemplateName, FileTemplate>();

/** A shipped template, read and checked once. */
export function shippedTemplate(name: string): FileTemplate {
  if (!(shippedTemplateNames as readonly string[]).includes(name)) {
    throw domainError('TEMPLATE_SHIPPED_UNKNOWN', 404, `Không có mẫu tệp "${name}" (có: ${shippedTemplateNames.join(', ')})`, `There is no shipped template "${name}" (there are: ${shippedTemplateNames.join(', ')})`, {
      name,
      shipped: shippedTemplateNames,
    });
  }
  const key = name as ShippedTemplateName;
  let template = shippedCache.get(key);
  if (!template) {
    template = parseFileTemplate(JSON.parse(readFileSync(join(resourcesDir, 'file-templates', `${key}.json`), 'utf8')));
    shippedCache.set(key, template);
  }
  return template;
}

function shippedInForce(purpose: TemplatePurpose): TemplateInForce {
  const template = shippedTemplate(defaultShipped[purpose]);
  return { source: 'shipped', name: template.name, version: 0, template, createdBy: null, createdAt: null };
}

/** The template a provider's next file is written with: its own, else the shipped default for the purpose. */
export async function templateInForce(executor: Executor, providerCode: string, purpose: TemplatePurpose): Promise<TemplateInForce> {
  const stored = await findCurrentTemplate(executor, providerCode);
  if (!stored) return shippedInForce(purpose);
  return { source: 'provider', name: stored.name, version: stored.version, template: parseFileTemplate(stored.template), createdBy: stored.createdBy, createdAt: stored.createdAt };
}

/** The template a file already written used (files from before templates: the shipped default). */
export function templateOfFile(used: FileTemplateUsed | null, purpose: TemplatePurpose): TemplateInForce {
  if (used === null) return shippedInForce(purpose);
  return { source: used.version === 0 ? 'shipped' : 'provider', name: used.name, version: used.version, template: parseFileTemplate(used.template), createdBy: null, createdAt: null };
}

/** What a file records of its template. */
export function templateUsed(inForce: TemplateInForce): FileTemplateUsed {
  return { name: inForce.name, version: inForce.version, template: inForce.template };
}

export interface TemplateView {
  providerCode: string;
  source: 'provider' | 'shipped';
  name: string;
  version: number;
  template: FileTemplate;
  createdBy: string | null;
  createdAt: string | null;
}

function viewOf(providerCode: string, inForce: TemplateInForce): TemplateView {
  return { providerCode, ...inForce };
}

async function knownProvider(executor: Executor, code: string): Promise<{ providerCode: string; providerKind: string; shortName: string }> {
  const providerCode = code.trim().toUpperCase();
  const provider = await findProvider(executor, providerCode);
  if (provider === undefined) throw errors.notFound({ entity: 'provider', code: providerCode });
  return { providerCode, providerKind: provider.kind, shortName: provider.shortName };
}

function purposeOf(providerKind: string): TemplatePurpose {
  return providerKind === 'POSTAL' ? 'cash-list' : 'bulk';
}

/** Who may see the providers' profiles and templates: those who manage the installation's settings. */
function requireProvidersView(actor: Actor): void {
  requirePermission(actor, 'settings.manage');
}

export async function showProviderTemplate(ctx: AppContext, actor: Actor, code: string): Promise<TemplateView> {
  requireProvidersView(actor);
  const { providerCode, providerKind } = await knownProvider(ctx.db.orm, code);
  return viewOf(providerCode, await templateInForce(ctx.db.orm, providerCode, purposeOf(providerKind)));
}

/** Every provider with a template of its own: its name and version (the providers' page). */
export async function currentTemplateNames(executor: Executor): Promise<Map<string, { name: string; version: number }>> {
  return new Map((await listCurrentTemplateNames(executor)).map((row) => [row.providerCode, { name: row.name, version: row.version }]));
}

/**
 * Gives a provider a template of its own: a JSON template (checked, TEMPLATE_… errors) or a shipped
 * one by name. Stored as the next version and audited with the template (a layout, no personal
 * data or secret); the same template again changes nothing.
 */
export async function setProviderTemplate(ctx: AppContext, actor: Actor, input: { providerCode: string; template?: unknown; shipped?: string }): Promise<TemplateView> {
  // A provider's file layout decides what reaches it: a system administrator's matter, as its connection.
  if (actor.role !== 'admin' || actor.scope.level !== 'national') throw errors.forbidden({ permission: 'providers.template' });
  if ((input.template === undefined) === (input.shipped === undefined)) {
    throw domainError('TEMPLATE_SOURCE', 400, 'Cho một mẫu: tệp JSON hoặc tên mẫu có sẵn, không cả hai', 'Give one template: a JSON file or the name of a shipped one, not both', {});
  }
  const template = input.shipped !== undefined ? shippedTemplate(input.shipped) : parseFileTemplate(input.template);
  return ctx.db.orm.transaction(async (tx) => {
    const { providerCode } = await knownProvider(tx, input.providerCode);
    const current = await findCurrentTemplate(tx, providerCode);
    const currentTemplate = current ? parseFileTemplate(current.template) : null;
    if (current && JSON.stringify(currentTemplate) === JSON.stringify(template)) {
      return viewOf(providerCode, { source: 'provider', name: current.name, version: current.version, template: currentTemplate!, createdBy: current.createdBy, createdAt: current.createdAt });
    }
    const stored = await insertTemplateVersion(tx, { providerCode, name: template.name, template, createdBy: actor.username });
    if (!stored) throw errors.conflict({ entity: 'provider_file_template', providerCode }, { vi: 'Mẫu tệp vừa được người khác thay đổi, hãy thử lại', en: 'The template was just changed by someone else; try again' });
    await recordAudit(tx, actor, {
      action: 'providers.template_set',
      entityType: 'provider',
      entityId: providerCode,
      before: current ? { name: current.name, version: current.version } : null,
      after: { name: stored.name, version: stored.version, ...(input.shipped !== undefined ? { shipped: input.shipped } : {}), template },
    });
    return viewOf(providerCode, { source: 'provider', name: stored.name, version: stored.version, template, createdBy: stored.createdBy, createdAt: stored.createdAt });
  });
}

/** Made-up lines for a preview: no real person's data ever appears in one. */
function sampleRows(providerCode: string, bankName: string): TemplateRow[] {
  const bin = /^\d{6}$/.test(providerCode) ? providerCode : '970405';
  const people = [
    { fullName: 'Nguyễn Văn Mẫu', personalId: '001099000001', amount: 500_000n, account: '0011000000001', phone: '0900000001', representativeName: undefined },
    { fullName: 'Trần Thị Thử', personalId: '001199000002', amount: 1_500_000n, account: '0011000000002', phone: '0900000002', representativeName: 'Lê Văn Thay' },
    { fullName: 'Phạm Văn Ví Dụ', personalId: '001099000003', amount: 750_000n, account: '0011000000003', phone: '0900000003', representativeName: undefined },
    { fullName: 'Hoàng Thị Minh Hoạ', personalId: '001199000004', amount: 2_250_000n, account: '0011000000004', phone: '0900000004', representativeName: undefined },
    { fullName: 'Đỗ Văn Giả Định', personalId: '001099000005', amount: 1_000_000n, account: '0011000000005', phone: '0900000005', representativeName: undefined },
  ];
  return Array.from({ length: previewRowsMax }, (_, index) => {
    const person = people[index % people.length]!;
    const endToEndId = `SA2507MAU${String(index + 1).padStart(6, '0')}`;
    return {
      endToEndId,
      accountNumber: person.account,
      phone: person.phone,
      beneficiaryName: person.fullName,
      fullName: person.fullName,
      personalId: person.personalId,
      bin,
      bankName,
      amountVnd: vnd(person.amount),
      description: `TRO CAP T07 2025 MA ${endToEndId}`,
      representativeName: person.representativeName,
      communeCode: '26734',
    };
  });
}

const previewRowsMax = 20;

/** How many lines a preview shows: 1 to 20. */
export function checkedPreviewRows(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1 || rows > previewRowsMax) {
    throw domainError('TEMPLATE_PREVIEW_ROWS', 400, `Số dòng xem trước phải từ 1 đến ${previewRowsMax}`, `The preview shows 1 to ${previewRowsMax} lines`, { rows });
  }
  return rows;
}
const previewContext = { month: '2025-07', date: '2025-07-01' };

export interface TemplatePreview {
  providerCode: string;
  name: string;
  version: number | null;
  format: 'csv' | 'xlsx';
  header: string[] | null;
  rows: string[][];
  total: string[] | null;
  /** The CSV's text as written (a CSV template), the BOM left out. */
  csv: string | null;
}

/**
 * The first lines of a provider's file as its template writes them, from made-up beneficiaries:
 * its template in force, or a draft (`template`, not saved) for the editor's live preview.
 */
export async function previewProviderTemplate(ctx: AppContext, actor: Actor, input: { providerCode: string; template?: unknown; rows?: number }): Promise<TemplatePreview> {
  requireProvidersView(actor);
  const count = checkedPreviewRows(input.rows ?? 5);
  const { providerCode, providerKind, shortName } = await knownProvider(ctx.db.orm, input.providerCode);
  const inForce = input.template === undefined ? await templateInForce(ctx.db.orm, providerCode, purposeOf(providerKind)) : null;
  const template = inForce?.template ?? parseFileTemplate(input.template);
  const rows = sampleRows(providerCode, shortName).slice(0, count);
  const totals = new TemplateTotals();
  const cells = rows.map((row, index) => {
    totals.add(row);
    return templateCells(template, row, index + 1, previewContext).map((cell) => cell.text);
  });
  const csv = template.format === 'csv' ? (await collectText(writeTemplateCsv(rows, template, previewContext))).replace(/^\uFEFF/, '') : null;
  return {
    providerCode,
    name: template.name,
    version: inForce ? inForce.version : null,
    format: template.format,
    header: template.header ? templateHeaders(template) : null,
    rows: cells,
    total: template.totalRow ? templateTotalCells(template, totals.count, totals.totalVnd).map((cell) => cell.text) : null,
    csv,
  };
}
