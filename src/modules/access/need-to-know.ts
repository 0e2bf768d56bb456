import { errors } from '../../core/errors.js';
import { maskTail } from '../../core/text.js';
import type { Actor, Role } from './scope.js';
import { categories, categoryByCode, hivCategoryCodes, programmeNames, type Programme } from '../rules/categories.js';

/**
 * Need to know, decided in one place (issue 18; Decree 13/2023 on personal data; Decree 20/2021
 * Art. 8 on HIV information): what each role sees of a person, on screen (`view`) and in a file
 * that leaves the system (`export`: XLSX, PDF, CSV, payment and cash lists). Every payroll answer
 * and file writer, the disbursement lists and the registry apply this table through the functions
 * below; nothing else decides it. Locality is decided by the scope (`inScope`) as before, and
 * which actions a role may attempt at all by auth/permissions.ts. (It lives with the registry,
 * which owns the people and their categories, so that payroll and disbursement may import it.)
 *
 * | role     | rows          | personal ID     | account number  | category        | HIV-related category | address, phone | amounts   | people lists               |
 * |----------|---------------|-----------------|-----------------|-----------------|----------------------|----------------|-----------|----------------------------|
 * | admin    | area          | full / full     | full / full     | NCC, HTXH¹/none | none / none          | full / none    | full/full | lines, changes, paymentList|
 * | officer  | area          | full / full     | full / full     | full / none     | full / none          | full / full    | full/full | lines, changes, paymentList|
 * | approver | area          | full / full     | full / full     | full / none     | full / none          | full / none    | full/full | lines, changes, paymentList|
 * | province | area          | full / full     | full / full     | full / none     | full / none          | full / full    | full/full | lines, changes, paymentList|
 * | auditor  | area          | masked / masked | masked / masked | NCC, HTXH¹/none | none / none          | full / none    | full/full | lines, changes, paymentList|
 * | provider | own provider  | full / full     | full / full     | none / none     | none / none          | full / full    | full/full | lines, paymentList         |
 *
 * (view / export; "masked" = last 4 digits; "none" for a category = `PROTECTED` on screen.)
 * ¹ `category: full` below, narrowed by one rule: a role without the HIV-related categories sees
 *   no category of a programme that holds one (TGXH, `sensitiveProgrammeCategoryCodes`; decided
 *   in `seesCategoryOf` for answers and SQL alike): every TGXH row is `PROTECTED`, so `PROTECTED` says
 *   "social assistance" — which the programme column says anyway — and never singles out HIV.
 *   It may not filter by those categories either (the filter would tell them).
 *
 * The same rule holds wherever a record is shown as it was stored: the registry's history
 * (`before`/`after`) and the audit trail's payloads go through `payload()` (keys of personal IDs,
 * accounts, contact, categories and notes; digit runs and category codes in free text). The
 * stored rows are never changed: only the answer is masked.
 *
 * Why:
 * - Commune officers, approvers and the province make, check and sign the lists: they identify
 *   people by their ID and check the accounts; they handle the HIV-related files (Decree 20 Art. 8).
 * - The system administrator fixes records (IDs, accounts) but has no case to handle: no HIV.
 * - The auditor checks amounts and who was paid: the last 4 digits identify a record without
 *   disclosing it; categories yes (eligibility) for the programmes without an HIV-related one,
 *   the programme only for TGXH (a masked HIV category among visible TGXH ones would stand out);
 *   address and phone for sample checks on screen (as the registry has always shown them), never
 *   in a file. The administrator likewise.
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

/** Programmes that hold a sensitive category (TGXH). */
export const sensitiveProgrammes: readonly Programme[] = [...new Set(categories.filter((category) => category.hiv).map((category) => category.programme))];

/**
 * Every category of a programme that holds a sensitive one: a role that may not see the sensitive
 * categories sees none of these, so that `PROTECTED` does not single out HIV (footnote ¹ above).
 */
export const sensitiveProgrammeCategoryCodes: readonly string[] = categories.filter((category) => sensitiveProgrammes.includes(category.programme)).map((category) => category.code);

const allCategoryCodes: readonly string[] = categories.map((category) => category.code);

/** Whether the role may see this category code for this action (the one decision behind `category()`). */
function seesCategoryOf(actor: Pick<Actor, 'role'>, action: DataAction, category: string): boolean {
  const policy = needToKnow[actor.role].data;
  if (policy.category[action] !== 'full') return false;
  if (isSensitiveCategory(category)) return policy.sensitiveCategory[action] === 'full';
  return policy.sensitiveCategory[action] === 'full' || !sensitiveProgrammeCategoryCodes.includes(category);
}

/**
 * Categories this role sees as `PROTECTED` on screen (for SQL such as the registry's search, which
 * shows them masked and refuses them as filters): the HIV-related ones and, for roles that may not
 * see those, every category of their programme; every category for a role that sees none.
 */
export function hiddenCategories(actor: Pick<Actor, 'role'>, action: DataAction = 'view'): readonly string[] {
  return allCategoryCodes.filter((code) => !seesCategoryOf(actor, action, code));
}

/**
 * Sensitive categories the role may not act on (change their status, propose for them): the
 * HIV-related ones for roles that may not see them. Narrower than `hiddenCategories`, which also
 * masks their programme's other categories for display only.
 */
export function categoriesOffLimits(actor: Pick<Actor, 'role'>): readonly string[] {
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
  /**
   * A stored record (a history row's `before`/`after`, an audit event's payload) as the role may
   * see it: values are masked by their key (`payloadKind`), free text loses masked category codes
   * and names and, for roles without full IDs, long digit runs; notes and a category's details go
   * when the record's category (`rowCategory`, or one found in the record) is masked.
   */
  payload(value: unknown, rowCategory?: string | null): unknown;
}

/** What a key of a stored record holds, by its name (camelCase, snake_case or the template's). */
type PayloadKind = 'personalId' | 'accountNumber' | 'contact' | 'category' | 'note' | 'categoryDetail' | 'name';

const normalizedKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export function payloadKind(key: string): PayloadKind | null {
  const k = normalizedKey(key);
  if (/(personalids?|legacyid|sodinhdanh)$/.test(k)) return 'personalId';
  if (/(accountnumber|sotaikhoan)$/.test(k)) return 'accountNumber';
  if (/(phone|address|sodienthoai|diachi)$/.test(k)) return 'contact';
  if (/(category|categories|madoituong)$/.test(k)) return 'category';
  if (['note', 'notes', 'comment', 'reason', 'resolutionnote', 'decisionreason', 'ghichu'].includes(k)) return 'note';
  if (['childrencount', 'injuryrate', 'socon', 'tyletonthuong'].includes(k)) return 'categoryDetail';
  if (/(fullname|hoten|accountholder|chutaikhoan)$/.test(k)) return 'name';
  return null;
}

/**
 * Whether a stored record names or identifies a person: a name, an ID, account or phone (with
 * digits: a disclosure event's `shown: { personalId: 'masked' }` is not one) or a category code.
 */
export function carriesPersonalData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(carriesPersonalData);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => {
    const kind = payloadKind(key);
    const text = typeof item === 'string' ? item : Array.isArray(item) ? item.filter((one) => typeof one === 'string').join(' ') : '';
    if ((kind === 'personalId' || kind === 'accountNumber' || kind === 'contact') && /\d/.test(text)) return true;
    if (kind === 'name' && text.trim() !== '') return true;
    if (kind === 'category' && text.split(' ').some((code) => categoryByCode.has(code))) return true;
    return carriesPersonalData(item);
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A run of 9 or more digits standing alone: a personal ID or an account number in free text. */
const digitRun = /(?<![0-9A-Za-z])\d{9,}(?![0-9A-Za-z])/g;

export function disclosure(actor: Pick<Actor, 'role'>, action: DataAction): Disclosure {
  const policy = needToKnow[actor.role].data;
  const seesCategory = (category: string) => seesCategoryOf(actor, action, category);
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
  const hidden = allCategoryCodes.filter((code) => !seesCategory(code));
  // Masked codes (longest first, so that no code is cut inside a longer one) and the names of the sensitive ones.
  const hiddenWords = [
    ...[...hidden].sort((a, b) => b.length - a.length),
    ...hidden.filter(isSensitiveCategory).flatMap((code) => [categoryByCode.get(code)!.vi, categoryByCode.get(code)!.en]),
  ];
  const hiddenText = hiddenWords.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9_])(${hiddenWords.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'g');
  const idAccess = policy.personalId[action] === 'full' && policy.accountNumber[action] === 'full' ? 'full' : policy.personalId[action] === 'none' ? 'none' : 'masked';
  const freeText = (text: string): string => {
    let shown = hiddenText === null ? text : text.replace(hiddenText, protectedCategory);
    if (idAccess !== 'full') shown = shown.replace(digitRun, (digits) => applyAccess(digits, idAccess));
    return shown;
  };
  // Only a value with digits is an identifier (a disclosure event's `shown: { personalId: 'masked' }` is a word).
  const identifier = (value: string, access: Access): string => (/\d/.test(value) ? applyAccess(value, access) : value);
  const categoryValue = (value: unknown): unknown =>
    typeof value === 'string' ? category(value) : Array.isArray(value) ? value.map(categoryValue) : walk(value, false);
  const masksCategory = (value: unknown): boolean =>
    typeof value === 'string' ? !seesCategory(value) : Array.isArray(value) ? value.some(masksCategory) : false;
  function walk(value: unknown, masked: boolean): unknown {
    if (typeof value === 'string') return freeText(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, masked));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const recordMasked = masked || entries.some(([key, item]) => payloadKind(key) === 'category' && masksCategory(item));
    return Object.fromEntries(
      entries.map(([key, item]) => {
        switch (payloadKind(key)) {
          case 'personalId':
            return [key, typeof item === 'string' ? identifier(item, policy.personalId[action]) : Array.isArray(item) ? item.map((one) => (typeof one === 'string' ? identifier(one, policy.personalId[action]) : walk(one, recordMasked))) : walk(item, recordMasked)];
          case 'accountNumber':
            return [key, typeof item === 'string' ? identifier(item, policy.accountNumber[action]) : walk(item, recordMasked)];
          case 'contact':
            return [key, typeof item === 'string' ? (policy.contact[action] === 'full' ? item : null) : walk(item, recordMasked)];
          case 'category':
            return [key, categoryValue(item)];
          case 'note':
          case 'categoryDetail':
            return [key, recordMasked ? null : walk(item, recordMasked)];
          default:
            return [key, walk(item, recordMasked)];
        }
      }),
    );
  }
  return {
    actor,
    action,
    access: (dataClass) => policy[dataClass][action],
    payload: (value, rowCategory) => walk(value, rowCategory !== null && rowCategory !== undefined && !seesCategory(rowCategory)),
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
