import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complaintKinds, complaintOutcomes, type ComplaintStatus } from '../src/modules/complaints/complaints.repository.js';
import { reasonCodes } from '../src/modules/formats/iso20022/status.js';
import * as labels from '../src/modules/formats/labels.js';
import {
  approverWarningNames,
  auditActionNames,
  auditEntityNames,
  changeKindNames,
  changeReasonLabel,
  changeReasonNames,
  channelGroupNames,
  complaintKindNames,
  complaintOutcomeNames,
  complaintStatusNames,
  cycleStatusNames,
  followUpNames,
  holderKindNames,
  itemStatusNames,
  labelOf,
  labelWithCode,
  lineComponentNames,
  notificationDeliveryNames,
  notificationKindNames,
  notificationStatusNames,
  oneOffBatchStatusNames,
  paymentReasonNames,
  proposalSourceNames,
  proposalStatusNames,
  qualityFlagHints,
  qualityFlagNames,
  reviewKindNames,
  reviewStatusNames,
  stopKindNames,
  verificationNames,
  type Labels,
} from '../src/modules/formats/labels.js';
import { kindOf, paymentPurposes } from '../src/modules/notifications/templates.js';
import type { ChangeKind } from '../src/modules/payroll/changes.repository.js';
import type { CycleStatus } from '../src/modules/payroll/payroll.repository.js';
import {
  categories,
  channelNames,
  channels,
  enrolmentStatusNames,
  enrolmentStatuses,
  programmeNames,
  programmes,
  representativeKindNames,
  representativeKinds,
  statusReasonNames,
  statusReasons,
} from '../src/modules/rules/categories.js';

/**
 * The words of the codes (issue 22 item 7): every code of every vocabulary has its Vietnamese and
 * English words in the shared dictionary (src/modules/formats/labels.ts, rules/categories.ts). The
 * codes are read from where each vocabulary is defined — the database's CHECK lists
 * (docs/schema.sql), the modules' lists and types, the audit actions and message purposes written
 * in the source — so a code added there without its words fails here.
 */

const root = join(import.meta.dirname, '..');

/** The TypeScript files of a folder, tests left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(path) && !/\.(spec|test)\.tsx?$/.test(path) ? [path] : [];
  });
}

const sources = sourceFiles(join(root, 'src')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** The codes a table lacks words for (an empty Vietnamese or English text counts as lacking). */
function unworded(table: Labels, codes: Iterable<string>): string[] {
  return [...new Set(codes)].filter((code) => !Object.hasOwn(table, code) || table[code]!.vi.trim() === '' || table[code]!.en.trim() === '');
}

/** `CONSTRAINT name CHECK ((column = ANY (ARRAY['A'::text, 'B'::text])))` of the current schema. */
function checkList(schema: string, constraint: string): string[] {
  const line = schema.split('\n').find((text) => text.includes(`CONSTRAINT ${constraint} CHECK`));
  if (!line) throw new Error(`docs/schema.sql has no constraint ${constraint}`);
  return [...line.matchAll(/'([^']+)'::text/g)].map((match) => match[1]!);
}

/** The keys of an object that lists every member of a union type (the compiler refuses a missing one). */
const keysOf = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[];

describe('the shared dictionary of codes', () => {
  it('gives every entry of every table its Vietnamese and English words', () => {
    const tables = Object.entries(labels).filter(([, value]) => typeof value === 'object' && value !== null) as [string, Labels][];
    expect(tables.length).toBeGreaterThan(10);
    const rulesTables: [string, Labels][] = Object.entries({ programmeNames, enrolmentStatusNames, statusReasonNames, channelNames, representativeKindNames });
    for (const [name, table] of [...tables, ...rulesTables]) {
      for (const [code, words] of Object.entries(table)) {
        expect([name, code, words.vi.trim() !== '', words.en.trim() !== '']).toEqual([name, code, true, true]);
        // words, not the code again
        expect([name, code, words.vi]).not.toEqual([name, code, code]);
      }
    }
    for (const category of categories) expect([category.code, category.vi.trim() !== '', category.en.trim() !== '']).toEqual([category.code, true, true]);
  });

  it('words every code the database allows in the columns people read', () => {
    const schema = readFileSync(join(root, 'docs', 'schema.sql'), 'utf8');
    const columns: [string, Labels][] = [
      ['payroll_cycles_status_check', cycleStatusNames],
      ['payroll_lines_component_check', lineComponentNames],
      ['disbursement_items_transmission_check', itemStatusNames],
      ['disbursement_items_outcome_check', itemStatusNames],
      ['disbursement_items_follow_up_check', followUpNames],
      ['payroll_deadlines_failure_policy_check', followUpNames],
      ['disbursement_batches_channel_group_check', channelGroupNames],
      ['complaints_kind_check', complaintKindNames],
      ['complaints_outcome_check', complaintOutcomeNames],
      ['complaints_status_check', complaintStatusNames],
      ['one_off_batches_status_check', oneOffBatchStatusNames],
      ['notifications_status_check', notificationStatusNames],
      ['notifications_delivery_check', notificationDeliveryNames],
      ['enrolments_programme_check', programmeNames],
      ['payroll_lines_programme_check', programmeNames],
      ['payroll_cycles_programme_check', programmeNames],
      ['enrolments_status_check', enrolmentStatusNames],
      ['enrolments_status_reason_check', statusReasonNames],
      ['payment_instruments_channel_check', channelNames],
      ['representatives_kind_check', representativeKindNames],
      ['payment_instruments_holder_kind_check', holderKindNames],
      ['instrument_proposals_holder_kind_check', holderKindNames],
      ['payment_instruments_verification_check', verificationNames],
      ['instrument_proposals_status_check', proposalStatusNames],
      ['instrument_proposals_source_check', proposalSourceNames],
      ['dq_flags_flag_check', qualityFlagNames],
      ['dq_flags_flag_check', qualityFlagHints],
      ['review_items_kind_check', reviewKindNames],
      ['review_items_status_check', reviewStatusNames],
    ];
    for (const [constraint, table] of columns) {
      const codes = checkList(schema, constraint);
      expect(codes.length).toBeGreaterThan(0);
      expect([constraint, unworded(table, codes)]).toEqual([constraint, []]);
    }
  });

  it('words the codes of the modules’ own lists and types', () => {
    const lists: [string, Labels, readonly string[]][] = [
      ['programmes', programmeNames, programmes],
      ['enrolment statuses', enrolmentStatusNames, enrolmentStatuses],
      ['status reasons', statusReasonNames, statusReasons],
      ['channels', channelNames, channels],
      ['representative kinds', representativeKindNames, representativeKinds],
      ['complaint kinds', complaintKindNames, complaintKinds],
      ['complaint outcomes', complaintOutcomeNames, complaintOutcomes],
      ['complaint statuses', complaintStatusNames, keysOf<ComplaintStatus>({ OPEN: true, ASSIGNED: true, RESOLVED: true })],
      ['cycle statuses', cycleStatusNames, keysOf<CycleStatus>({ DRAFT: true, SUBMITTED: true, APPROVED: true, FUNDED: true, DISBURSING: true, RECONCILED: true, CLOSED: true })],
      ['change kinds', changeKindNames, [...keysOf<ChangeKind>({ NEW: true, CONTINUING: true, STOPPED: true, AMOUNT_CHANGED: true, ACCOUNT_CHANGED: true }), 'CHANNEL_CHANGED']],
      ['ISO 20022 reasons', paymentReasonNames, [...reasonCodes.keys()]],
    ];
    for (const [name, table, codes] of lists) expect([name, unworded(table, codes)]).toEqual([name, []]);
  });

  it('words the failure reasons the disbursement module writes (cash confirmations, cash-list files)', () => {
    // a cash confirmation's `reasonCode: 'UNCLAIMED'`, a cash-list file's `{ status: 'FAILED', reason: 'UNCLAIMED' }`
    const written = sources
      .filter((file) => file.path.includes(join('modules', 'disbursement')))
      .flatMap((file) => [...file.text.matchAll(/\breasonCode: '([A-Z0-9_]+)'|status: '(?:FAILED|RETURNED)', reason: '([A-Z0-9_]+)'/g)].map((match) => match[1] ?? match[2]!));
    expect(written).toEqual(expect.arrayContaining(['UNCLAIMED', 'REFUSED', 'MD07']));
    expect(unworded(paymentReasonNames, written)).toEqual([]);
  });

  it('words every change kind, reason and approver warning the change list writes', () => {
    const text = readFileSync(join(root, 'src', 'modules', 'payroll', 'changes.repository.ts'), 'utf8');
    const literals = [...text.matchAll(/'([A-Z][A-Z0-9_]+):?'/g)].map((match) => match[1]!);
    // codes of other vocabularies the queries compare with: enrolment statuses, line components, an entitlement, a verification
    const others = new Set<string>([...enrolmentStatuses, ...Object.keys(lineComponentNames), 'REGULAR', 'REJECTED']);
    const worded = (code: string) => [changeKindNames, changeReasonNames, stopKindNames, approverWarningNames].some((table) => Object.hasOwn(table, code));
    expect(literals.filter((code) => !others.has(code) && !worded(code))).toEqual([]);
    expect(literals.filter((code) => Object.hasOwn(changeReasonNames, code)).length).toBeGreaterThan(5);
  });

  it('words every audit action written in the source', () => {
    const actions = new Set<string>();
    for (const file of sources) {
      for (const match of file.text.matchAll(/\baction:\s*((?:[^,\n}]|\?[^:\n]*:)+)/g)) {
        for (const literal of match[1]!.matchAll(/['`]([a-z_]+\.[a-z_.]+)['`]/g)) actions.add(literal[1]!);
      }
      // an action named by a constant (audit.chain_keyed)
      for (const match of file.text.matchAll(/const \w+Action = '([a-z_]+\.[a-z_.]+)'/g)) actions.add(match[1]!);
    }
    // `user.${status}` (auth/users.service.ts setStatus)
    actions.add('user.active').add('user.disabled');
    expect(actions.size).toBeGreaterThan(80);
    expect([...actions].filter((action) => !Object.hasOwn(auditActionNames, action))).toEqual([]);
    expect(labelOf(auditActionNames, 'payroll.funded')).toBe('Ghi nhận kinh phí Kho bạc đã chuyển');
  });

  it('words every kind of record an audit event is about', () => {
    const entities = new Set<string>();
    for (const file of sources) {
      for (const match of file.text.matchAll(/\bentityType:\s*((?:[^,\n}]|\?[^:\n]*:)+)/g)) {
        for (const literal of match[1]!.matchAll(/'([a-z_]+)'/g)) entities.add(literal[1]!);
      }
    }
    expect(entities.size).toBeGreaterThan(30);
    expect([...entities].filter((entity) => !Object.hasOwn(auditEntityNames, entity))).toEqual([]);
  });

  it('words every kind of message the application queues', () => {
    const purposes = new Set<string>(paymentPurposes);
    for (const file of sources) for (const match of file.text.matchAll(/\bpurpose: '([a-z_]+\.[a-z_]+)'/g)) purposes.add(match[1]!);
    expect(purposes.size).toBeGreaterThan(paymentPurposes.length);
    expect(unworded(notificationKindNames, [...purposes].map(kindOf))).toEqual([]);
  });

  it('shows an unknown code as itself, words with their code where the code is needed, and a stop with its reason', () => {
    expect(labelOf(paymentReasonNames, 'UNCLAIMED')).toBe('Không gặp người hưởng');
    expect(labelOf(paymentReasonNames, 'UNCLAIMED', 'en')).toBe('Beneficiary not found');
    expect(labelWithCode(paymentReasonNames, 'AC04')).toBe('Tài khoản đã đóng (AC04)');
    expect(labelOf(paymentReasonNames, 'ZZ99')).toBe('ZZ99');
    expect(labelWithCode(paymentReasonNames, 'ZZ99')).toBe('ZZ99');
    expect([labelOf(paymentReasonNames, null), labelWithCode(paymentReasonNames, '')]).toEqual(['', '']);
    expect(labelOf(followUpNames, 'CARRY_OVER')).toBe('Chuyển chi kỳ sau');
    expect(changeReasonLabel('TERMINATED:CHET', statusReasonNames)).toBe('Thôi hưởng: chết');
    expect(changeReasonLabel('SUSPENDED:KHONG_NHAN_3_THANG', statusReasonNames, 'en')).toBe('Suspended: unclaimed for 3 consecutive months');
    expect(changeReasonLabel('TERMINATED:', statusReasonNames)).toBe('Thôi hưởng: —');
    expect(changeReasonLabel('BASE_LEVEL', statusReasonNames)).toBe('Thay đổi mức chuẩn');
  });

  it('names each programme once: the same words in every table people read', () => {
    expect(Object.fromEntries(programmes.map((code) => [code, programmeNames[code].vi]))).toEqual({ TGXH: 'Trợ giúp xã hội', NCC: 'Người có công', HTXH: 'Trợ cấp hưu trí xã hội' });
    // no other name of a programme in the files, screens and messages people read
    const variants = /Bảo trợ xã hội|'BTXH'|'Hưu trí xã hội'|Social protection/;
    const offending = [...sources.map((file) => file.path), ...sourceFiles(join(root, 'web', 'src'))]
      .filter((path) => !path.endsWith(join('rules', 'categories.ts')))
      .filter((path) => variants.test(readFileSync(path, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offending).toEqual([]);
  });
});
