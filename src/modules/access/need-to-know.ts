import { errors } from '../../core/errors.js';
import { maskTail } from '../../core/text.js';
import type { Actor, Role } from './scope.js';
import { hivCategoryCodes, programmeNames, type Programme } from '../rules/categories.js';

/**
 * Need to know, decided in one place (issue 18; Decree 13/2023 on personal data; Decree 20/2021
 * Art. 8 on HIV information): what each role sees of a person, on screen (`view`) and in a file
 * that leaves the system (`export`: XLSX, PDF, CSV, payment and cash lists). Every payroll answer
 * and file writer, the disbursement lists and the registry apply this table through the functions
 * below; nothing else decides it. Locality is decided by the scope (`inScope`) as before, and
 * which actions a role may attempt at all by auth/permissions.ts. (It lives with the registry,
 * which owns the people and their categories, so that payroll and disbursement may import it.)
 *
 * | role     | rows          | personal ID     | account number  | category    | HIV-related category | address, phone | amounts   | people lists               |
 * |----------|---------------|-----------------|-----------------|-------------|----------------------|----------------|-----------|----------------------------|
 * | admin    | area          | full / full     | full / full     | full / none | none / none          | full / none    | full/full | lines, changes, paymentList|
 * | officer  | area          | full / full     | full / full     | full / none | full / none          | full / full    | full/full | lines, changes, paymentList|
 * | approver | area          | full / full     | full / full     | full / none | full / none          | full / none    | full/full | lines, changes, paymentList|
 * | province | area          | full / full     | full / full     | full / none | full / none          | full / full    | full/full | lines, changes, paymentList|
 * | auditor  | area          | masked / masked | masked / masked | full / none | none / none          | full / none    | full/full | lines, changes, paymentList|
 * | provider | own provider  | full / full     | full / full     | none / none | none / none          | full / full    | full/full | lines, paymentList         |
 *
 * (view / export; "masked" = last 4 digits; "none" for a category = `PROTECTED` on screen.)
 *
 * Why:
 * - Commune officers, approvers and the province make, check and sign the lists: they identify
 *   people by their ID and check the accounts; they handle the HIV-related files (Decree 20 Art. 8).
 * - The system administrator fixes records (IDs, accounts) but has no case to handle: no HIV.
 * - The auditor checks amounts and who was paid: the last 4 digits identify a record without
 *   disclosing it; categories yes (eligibility), HIV-related no; address and phone for sample
 *   checks on screen (as the registry has always shown them), never in a file.
 * - A payment provider's agent pays its own payees and nobody else: only lines and items whose
 *   provider is the agent's own (in the SQL query), with the full ID (checked against the ID card
 *   at cash payment), its own customer's account, the address for home delivery. It needs no
 *   category at all, so no category is shown (a lone `PROTECTED` among codes would point at HIV),
 *   and it has no business with the change list (who stopped, died, changed category).
 * - Printed lists (every export) never carry a category: they print the programme on every row,
 *   so a row of an HIV-related category does not stand out.
 * - Amounts are what a payroll is about: every role that may open it sees them.
 */
export const dataClasses = ['personalId', 'accountNumber', 'category', 'sensitiveCategory', 'contact', 'amount'] as const;
export type DataClass = (typeof dataClasses)[number];

export const dataActions = ['view', 'export'] as const;
export type DataAction = (typeof dataActions)[number];

export type Access = 'full' | 'masked' | 'none';

/** Lists of people the payroll offers (lines, the change list, the printed payment list). */
export type PeopleList = 'lines' | 'changes' | 'paymentList';

export interface RolePolicy {
  /** `area`: every row in the user's locality; `ownProvider`: only rows paid through the user's provider. */
  rows: 'area' | 'ownProvider';
  data: Record<DataClass, Record<DataAction, Access>>;
  lists: readonly PeopleList[];
}

const grant = (view: Access, exported: Access): Record<DataAction, Access> => ({ view, export: exported });
const allLists: readonly PeopleList[] = ['lines', 'changes', 'paymentList'];

export const needToKnow: Record<Role, RolePolicy> = {
  admin: {
    rows: 'area',
    data: { personalId: grant('full', 'full'), accountNumber: grant('full', 'full'), category: grant('full', 'none'), sensitiveCategory: grant('none', 'none'), contact: grant('full', 'none'), amount: grant('full', 'full') },
    lists: allLists,
  },
  officer: {
    rows: 'area',
    data: { personalId: grant('full', 'full'), accountNumber: grant('full', 'full'), category: grant('full', 'none'), sensitiveCategory: grant('full', 'none'), contact: grant('full', 'full'), amount: grant('full', 'full') },
    lists: allLists,
  },
  approver: {
    rows: 'area',
    data: { personalId: grant('full', 'full'), accountNumber: grant('full', 'full'), category: grant('full', 'none'), sensitiveCategory: grant('full', 'none'), contact: grant('full', 'none'), amount: grant('full', 'full') },
    lists: allLists,
  },
  province: {
    rows: 'area',
    data: { personalId: grant('full', 'full'), accountNumber: grant('full', 'full'), category: grant('full', 'none'), sensitiveCategory: grant('full', 'none'), contact: grant('full', 'full'), amount: grant('full', 'full') },
    lists: allLists,
  },
  auditor: {
    rows: 'area',
    data: { personalId: grant('masked', 'masked'), accountNumber: grant('masked', 'masked'), category: grant('full', 'none'), sensitiveCategory: grant('none', 'none'), contact: grant('full', 'none'), amount: grant('full', 'full') },
    lists: allLists,
  },
  provider: {
    rows: 'ownProvider',
    data: { personalId: grant('full', 'full'), accountNumber: grant('full', 'full'), category: grant('none', 'none'), sensitiveCategory: grant('none', 'none'), contact: grant('full', 'full'), amount: grant('full', 'full') },
    lists: ['lines', 'paymentList'],
  },
};

/** What a category the role may not see becomes on screen (the web shows "Thông tin được bảo mật"). */
export const protectedCategory = 'PROTECTED';

export function accessOf(actor: Pick<Actor, 'role'>, dataClass: DataClass, action: DataAction): Access {
  return needToKnow[actor.role].data[dataClass][action];
}

export function isSensitiveCategory(category: string | null | undefined): boolean {
  return category !== null && category !== undefined && hivCategoryCodes.includes(category);
}

/** Categories this role may not see on screen (for SQL filters such as the registry's search). */
export function hiddenCategories(actor: Pick<Actor, 'role'>): readonly string[] {
  return accessOf(actor, 'sensitiveCategory', 'view') === 'full' ? [] : hivCategoryCodes;
}

/** A personal ID or account number as the access allows: whole, its last 4 digits, or nothing. */
export function applyAccess(value: string, access: Access): string;
export function applyAccess(value: string | null, access: Access): string | null;
export function applyAccess(value: string | null, access: Access): string | null {
  if (value === null || access === 'full') return value;
  return access === 'masked' ? maskTail(value) : '';
}

/** The programme's name, printed instead of any category. */
export function programmeName(programme: string): string {
  return programmeNames[programme as Programme]?.vi ?? programme;
}

/**
 * The fields of one person as a role may see them for one action. Built once per request and
 * applied to every row, so that answers and file writers cannot decide differently.
 */
export interface Disclosure {
  readonly actor: Pick<Actor, 'role'>;
  readonly action: DataAction;
  access(dataClass: DataClass): Access;
  personalId(value: string): string;
  accountNumber(value: string | null): string | null;
  /** The category code, or `PROTECTED`. */
  category(category: string): string;
  category(category: string | null): string | null;
  /** A line's rate breakdown with the categories of its parts treated like the line's category. */
  breakdown(breakdown: unknown): unknown;
  /** Free text attached to a row of this category (a note may tell the category). */
  note(category: string | null, note: string | null): string | null;
  contact(value: string | null): string | null;
}

export function disclosure(actor: Pick<Actor, 'role'>, action: DataAction): Disclosure {
  const policy = needToKnow[actor.role].data;
  const seesCategory = (category: string) => (isSensitiveCategory(category) ? policy.sensitiveCategory[action] === 'full' : policy.category[action] === 'full');
  function category(value: string): string;
  function category(value: string | null): string | null;
  function category(value: string | null): string | null {
    return value === null || seesCategory(value) ? value : protectedCategory;
  }
  const breakdown = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const parts = (value as { parts?: unknown }).parts;
    if (!Array.isArray(parts)) return value;
    return {
      ...(value as object),
      parts: parts.map((part: unknown) =>
        part && typeof part === 'object' && typeof (part as { category?: unknown }).category === 'string'
          ? { ...(part as object), category: category((part as { category: string }).category) }
          : part,
      ),
    };
  };
  return {
    actor,
    action,
    access: (dataClass) => policy[dataClass][action],
    personalId: (value) => applyAccess(value, policy.personalId[action]),
    accountNumber: (value) => applyAccess(value, policy.accountNumber[action]),
    category,
    breakdown,
    note: (rowCategory, note) => (note === null || rowCategory === null || seesCategory(rowCategory) ? note : null),
    contact: (value) => (policy.contact[action] === 'full' ? value : null),
  };
}

/** Refuses a list of people the role has no business with (e.g. the change list to a provider's agent). */
export function requireList(actor: Pick<Actor, 'role'>, list: PeopleList): void {
  if (!needToKnow[actor.role].lists.includes(list)) throw errors.forbidden({ list });
}

/**
 * Files that must carry the whole value to work (a bank's payment file, VNPost's cash list) are
 * produced only for roles allowed to export it in full: masking them would make a wrong payment.
 */
export function requireFullExport(actor: Pick<Actor, 'role'>, dataClassesNeeded: readonly DataClass[]): void {
  const missing = dataClassesNeeded.filter((dataClass) => accessOf(actor, dataClass, 'export') !== 'full');
  if (missing.length > 0) throw errors.forbidden({ dataClasses: missing });
}

/**
 * The provider whose rows alone the actor may see: `null` for roles that see every row of their
 * area; a provider's agent gets its own provider (`''` if it has none, which no row matches). The
 * query puts it in its WHERE clause (`AND x.provider_code = …`), never a filter after it.
 */
export function ownProviderCode(actor: Pick<Actor, 'role' | 'providerCode'>): string | null {
  return needToKnow[actor.role].rows === 'area' ? null : actor.providerCode ?? '';
}
