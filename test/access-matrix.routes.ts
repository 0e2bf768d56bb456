/**
 * The expectations of the access matrix (test/access-matrix.test.ts), one entry per route:
 * `'<METHOD> <url as registered>'`. The test fails for a route without an entry and for an entry
 * that matches no route.
 *
 * HOW TO ADD A ROUTE'S ENTRY
 *   '<METHOD> /api/v1/...': {
 *     access: { permission: 'payroll.read' },   // who may call it: a permission of
 *                                                // src/modules/access/permissions.ts (or several:
 *                                                // all are needed), optionally narrowed by a
 *                                                // need-to-know list; `anyPermission`; `roles`
 *                                                // with a reason; or public / authenticated /
 *                                                // signature / cliToken
 *     scoped: true,                              // the request names a locality (cycle, person,
 *                                                // commune, user…): also tried outside the caller's area
 *     request: (fx, at, caller) => ({ params: { id: at.cycleId }, query: {…}, payload: {…} }),
 *   },
 * `at` is the locality the request is about: A (the caller's own) or, for the out-of-scope try,
 * B (another commune of the province: for commune users) or C (another province). Give a body that
 * passes validation, or the 400 hides the permission check. For a write, the roles that must be
 * refused are tried first and one allowed caller (`actor`, default the first allowed of officer,
 * province, approver, admin, the agents, auditor) last, in the caller's own locality: choose a
 * request whose effect does not disturb the routes after it (a domain error such as 409 is fine).
 * A command route that only reads says `readOnly: true` (then every allowed role tries it, as for a
 * GET). A list answers another locality with its own rows only: `outOfScope: 'filtered'`. A 5xx the
 * test world cannot avoid (a service it does not configure) is listed in `answers` with a `note`.
 * A route with a `format` query enumerates each value of the route's schema in `formats`.
 * Other modules' helpers add their routes' entries here too: keep one entry per route.
 * A real defect is written as the correct expectation plus a `knownDefects` entry naming the
 * failing case; the test fails when a listed defect no longer reproduces, so the entry is removed
 * with the fix.
 */
import { stringify } from 'csv-stringify/sync';
import type { Permission } from '../src/modules/access/permissions.js';
import type { PeopleList } from '../src/modules/access/need-to-know.js';
import type { Role } from '../src/modules/access/scope.js';
import { templateHeader } from '../src/modules/registry/validation/import-row.js';
import type { Caller, MatrixFixture, MatrixLocality } from './helpers/access-fixture.js';
import { matrixUsers, walletSecret } from './helpers/access-fixture.js';
import { testPassword } from './helpers/context.js';

export interface MatrixRequest {
  /** Values of the URL's `:params`. */
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  payload?: unknown;
  /** A file upload (multipart/form-data, field `file`). */
  file?: { name: string; content: string };
  headers?: Record<string, string>;
}

export type Build = (fx: MatrixFixture, at: MatrixLocality, caller: Caller) => MatrixRequest;

export type Access =
  /** Anyone, logged in or not (login, self-service, health). */
  | { public: true }
  /** Any logged-in user, whatever the role. */
  | { authenticated: true }
  /** The roles of every listed permission (permissions.ts), and of the need-to-know list when given. */
  | { permission: Permission | readonly Permission[]; list?: PeopleList }
  /** The roles of any one of the listed permissions. */
  | { anyPermission: readonly Permission[] }
  /** A check outside the permission table (say why). `national`: only users of the whole country. */
  | { roles: readonly Role[]; national?: boolean; reason: string }
  /** No session: a provider's HMAC signature (G2P callbacks); 401 without it, for everyone. */
  | { signature: true }
  /** No session: the CLI's token of the running server; 401 without it, for everyone. */
  | { cliToken: true };

/** A case of the matrix: who asked, in which situation. */
export type Case = 'anonymous' | 'denied' | 'outOfScope' | 'allowed';

export interface KnownDefect {
  case: Case;
  /** The callers it concerns (all when absent). */
  callers?: readonly Caller[];
  /** The `format` value it concerns (all when absent). */
  format?: string;
  issue: string;
}

export interface RouteExpectation {
  access: Access;
  /** Whether the request names a locality; then it is also tried in a locality outside the caller's scope. */
  scoped?: boolean;
  request?: Build;
  /**
   * What a locality outside the caller's scope gets: `refused` (403 or 404, the default) or
   * `filtered` (a list: 2xx allowed). Either way no personal data of its people is in the answer.
   */
  outOfScope?: 'refused' | 'filtered' | readonly number[];
  /**
   * Statuses an allowed call may also answer besides 2xx and 4xx domain refusals, with the reason
   * in `note` (a service the test world does not configure: 503 after the permission and scope checks).
   */
  answers?: readonly number[];
  /** What a role without the permission gets (default 403). */
  deniedStatus?: readonly number[];
  /** For a write: the allowed caller tried last in its own locality. */
  actor?: Caller;
  /**
   * Only reads: every allowed caller tries it (default: GET). A write is tried by one allowed
   * caller (`actor`) in its own locality, after the refusals.
   */
  readOnly?: boolean;
  /** Needs a session of its own (logout, password change): a throw-away user of the caller's role. */
  freshSession?: boolean;
  /** A route with a `format` query: every value of its schema, each with its own request when needed. */
  formats?: Record<string, { request?: Build }>;
  knownDefects?: readonly KnownDefect[];
  note?: string;
}

const strongPassword = 'Ngay-Mai-Troi-Sang-2024!';
let serial = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}`;

/** A template row of a new person in the locality (a valid row of the import template). */
const newPersonRow = (at: MatrixLocality) => ({
  ma_don_vi: at.communeCode,
  ho_ten: 'Mai Văn Tươi',
  ngay_sinh: '04/04/1940',
  gioi_tinh: 'Nam',
  so_dinh_danh: `062040${String(100000 + (serial++ % 900000)).padStart(6, '0')}`,
  ma_doi_tuong: 'BTXH_K5C',
  chuong_trinh: 'TGXH',
  so_quyet_dinh: '02/QĐ-UBND',
  ngay_quyet_dinh: '02/01/2024',
  thang_bat_dau: '01/2024',
  hinh_thuc_nhan: 'TIEN_MAT',
  ma_to_chuc: 'VNPOST',
});

/** An import file: a new person in the locality and, as an oracle probe, a person of locality B or C under a new name in it. */
export const importFile = (fx: MatrixFixture, at: MatrixLocality) => {
  const probe = at.key === 'A' ? fx.localities.C.cashPerson : at.cashPerson;
  const rows: Record<string, string>[] = [
    newPersonRow(at),
    { ...newPersonRow(fx.localities.A), ho_ten: 'Người Thử Nghiệm', ngay_sinh: probe.birthDate, gioi_tinh: 'Nữ', so_dinh_danh: probe.personalId },
  ];
  const header = templateHeader();
  return { name: 'matrix.csv', content: '\uFEFF' + stringify([header, ...rows.map((row) => header.map((key) => row[key] ?? ''))]) };
};

const providerOf = (caller: Caller): string | null => {
  const user = matrixUsers[caller];
  return 'providerCode' in user ? user.providerCode : null;
};
const cycle: Build = (_fx, at) => ({ params: { id: at.cycleId } });
const monthlyReport: Build = (_fx, at) => ({ query: { month: '2024-07', unit: at.communeCode } });
const cycleCommand: Build = (_fx, at) => ({ payload: { cycle: String(at.cycleId) } });
const personParam: Build = (_fx, at) => ({ params: { personalId: at.person.personalId } });
const unitBody: Build = (_fx, at) => ({ payload: { unitCode: at.communeCode } });
const uploadOf = (fx: MatrixFixture, at: MatrixLocality, caller: Caller) => ({ params: { uploadId: (fx.uploads[caller] ?? fx.uploads.officer!)[at.key === 'A' ? 'in' : 'out'] } });
const bankFiles = { request: (_fx: MatrixFixture, at: MatrixLocality) => ({ params: { id: at.cycleId }, query: { provider: '970405' } }) };
const oneOff = (at: MatrixLocality) => ({ personalId: at.person.personalId, programme: 'TGXH', forMonth: '2024-07', amountVnd: 100_000, reason: 'Hỗ trợ đột xuất', key: unique('mx-') });

export const routeExpectations: Record<string, RouteExpectation> = {
  // ————— platform —————
  'GET /health': { access: { public: true } },
  'GET /api/openapi.json': { access: { public: true }, note: 'The API description: no data.' },
  'POST /api/internal/commands': {
    access: { cliToken: true },
    request: () => ({ payload: { name: 'users.list', args: {}, as: matrixUsers.admin.username, operator: 'matrix' } }),
    note: 'The CLI forwards its commands with the token of server.json; a session is worth nothing here.',
  },

  // ————— auth —————
  'POST /api/v1/auth/login': { access: { public: true }, request: () => ({ payload: { username: 'mx.login', password: testPassword } }) },
  'POST /api/v1/auth/logout': { access: { authenticated: true }, freshSession: true },
  'GET /api/v1/auth/me': { access: { authenticated: true } },
  'POST /api/v1/auth/password': { access: { authenticated: true }, freshSession: true, request: () => ({ payload: { currentPassword: testPassword, newPassword: strongPassword } }) },

  // ————— users —————
  'GET /api/v1/users': { access: { permission: 'users.read' }, outOfScope: 'filtered' },
  'GET /api/v1/users/changes': { access: { permission: 'users.read' }, request: () => ({ query: { status: 'pending' } }) },
  'POST /api/v1/users': {
    access: { permission: 'users.manage' },
    scoped: true,
    request: (_fx, at) => ({ payload: { username: unique('mx.new.'), password: strongPassword, role: 'officer', unitCode: at.communeCode, fullName: 'Người Mới' } }),
  },
  'POST /api/v1/users/:id/disable': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.victimUserId } }) },
  'POST /api/v1/users/:id/enable': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.victimUserId } }) },
  'POST /api/v1/users/:id/reset-password': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.victimUserId }, payload: { newPassword: strongPassword } }) },
  'POST /api/v1/users/:id/role': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.victimUserId }, payload: { role: 'officer', unitCode: at.communeCode } }) },
  'POST /api/v1/users/changes/:id/approve': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.userChangeId }, payload: {} }) },
  'POST /api/v1/users/changes/:id/reject': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ params: { id: at.userChangeId }, payload: { reason: 'Không cần' } }) },

  // ————— units, audit —————
  'GET /api/v1/units': { access: { permission: 'units.read' }, request: () => ({ query: { level: 'province' } }), note: 'Reference data, the same for everyone.' },
  'GET /api/v1/units/:code': { access: { permission: 'units.read' }, request: (_fx, at) => ({ params: { code: at.communeCode } }) },
  'GET /api/v1/audit': { access: { permission: 'audit.read' }, outOfScope: 'filtered', request: () => ({ query: { limit: 200 } }) },
  'GET /api/v1/audit/verify': { access: { permission: 'audit.verify' } },

  // ————— registry —————
  'GET /api/v1/beneficiaries': { access: { permission: 'registry.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { commune: at.communeCode } }) },
  'GET /api/v1/beneficiaries/:personalId': { access: { permission: 'registry.read' }, scoped: true, request: personParam },
  'GET /api/v1/beneficiaries/:personalId/payments': { access: { permission: 'registry.read' }, scoped: true, request: personParam },
  'GET /api/v1/beneficiaries/:personalId/card': { access: { permission: ['registry.read', 'registry.readSensitive'] }, scoped: true, request: personParam },
  'GET /api/v1/beneficiaries/:personalId/card.pdf': { access: { permission: ['registry.read', 'registry.readSensitive'] }, scoped: true, request: personParam },
  'POST /api/v1/beneficiaries': {
    access: { permission: 'registry.write' },
    scoped: true,
    // A commune outside the area is an unknown unit of the row (400 UNIT_UNKNOWN), as in an import.
    outOfScope: [400, 403, 404],
    request: (_fx, at) => ({ payload: newPersonRow(at) }),
  },
  'POST /api/v1/beneficiaries/:personalId/status': {
    access: { permission: 'registry.write' },
    scoped: true,
    // Resuming a current enrolment: refused as a domain error, nothing changes.
    request: (_fx, at) => ({ params: { personalId: at.person.personalId }, payload: { action: 'resume', note: 'thử' } }),
  },
  'GET /api/v1/providers': { access: { authenticated: true }, note: 'The directory of payment providers: reference data.' },
  'GET /api/v1/imports/template.xlsx': { access: { authenticated: true }, note: 'The empty template.' },
  'POST /api/v1/imports': {
    readOnly: true,
    access: { permission: 'registry.import' },
    scoped: true,
    // A preview names the rows it refuses: an upload about another area is answered row by row.
    outOfScope: 'filtered',
    request: (fx, at) => ({ file: importFile(fx, at) }),
  },
  'GET /api/v1/imports/:uploadId/report.xlsx': {
    access: { permission: 'registry.import' },
    scoped: true,
    outOfScope: 'filtered',
    // An upload is found only by its uploader: others are told it does not exist.
    deniedStatus: [403, 404],
    request: uploadOf,
  },
  'GET /api/v1/import-batches': { access: { permission: 'registry.read' }, outOfScope: 'filtered', request: () => ({ query: { approval: 'PENDING' } }) },
  'GET /api/v1/import-batches/:batchId/changes': { access: { permission: 'registry.read' }, scoped: true, request: (_fx, at) => ({ params: { batchId: at.importBatchId } }) },
  'POST /api/v1/import-batches/:batchId/approve': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ params: { batchId: at.importBatchId } }) },
  'POST /api/v1/import-batches/:batchId/reject': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ params: { batchId: at.importBatchId }, payload: { reason: 'Sai tài khoản' } }) },
  'POST /api/v1/imports/:uploadId/confirm': { access: { permission: 'registry.import' }, scoped: true, outOfScope: 'filtered', deniedStatus: [403, 404], request: uploadOf },

  // ————— payroll —————
  'GET /api/v1/payroll/cycles': { access: { permission: 'payroll.read' }, outOfScope: 'filtered', request: () => ({ query: { month: '2024-07' } }) },
  'GET /api/v1/payroll/cycles/:id': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/lines': { access: { permission: 'payroll.read', list: 'lines' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, query: { commune: at.communeCode } }) },
  'GET /api/v1/payroll/cycles/:id/changes': { access: { permission: 'payroll.read', list: 'changes' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/changes.xlsx': { access: { permission: 'payroll.read', list: 'changes' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/summary': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/export': {
    access: { permission: 'payroll.read', list: 'paymentList' },
    scoped: true,
    request: (_fx, at) => ({ params: { id: at.cycleId }, query: { commune: at.communeCode } }),
    formats: { 'summary-xlsx': {}, 'list-xlsx': {}, 'list-pdf': {} },
  },
  'POST /api/v1/payroll/cycles': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ payload: { month: '2024-07', unitCode: at.communeCode } }) },
  'POST /api/v1/payroll/cycles/:id/submit': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: {} }) },
  'POST /api/v1/payroll/cycles/:id/approve': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: {} }) },
  // The matrix's cycle is funded: an allowed caller meets CYCLE_STATUS (409) after the checks.
  'POST /api/v1/payroll/cycles/:id/withdraw': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: {} }) },
  'POST /api/v1/payroll/cycles/:id/reject': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: { comment: 'Sai số liệu' } }) },
  'POST /api/v1/payroll/cycles/:id/fund': { access: { permission: 'payroll.fund' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: { reference: 'KBNN-X', amountVnd: 1000 } }) },
  'POST /api/v1/payroll/one-offs': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ payload: oneOff(at) }) },
  'POST /api/v1/payroll/recoveries': {
    access: { permission: 'payroll.prepare' },
    scoped: true,
    request: (_fx, at) => ({ payload: { personalId: at.person.personalId, programme: 'TGXH', amountVnd: 50_000, reason: 'Thu hồi chi sai', decisionRef: '05/QĐ' } }),
  },
  'GET /api/v1/payroll/suspension-proposals': { access: { permission: 'registry.review' } },
  // bulk one-off payments: the upload is a dry run here (every allowed caller tries it; a new amount makes a new file)
  'POST /api/v1/one-off-batches': {
    readOnly: true,
    access: { permission: 'payroll.prepare' },
    scoped: true,
    // An upload about another area is answered row by row (PERSON_NOT_FOUND), with what the caller sent.
    outOfScope: 'filtered',
    request: (_fx, at) => ({ query: { month: '2030-01', reason: 'Quà Tết', dryRun: 'true' }, file: { name: 'tet.csv', content: `so_dinh_danh,ho_ten,so_tien\n${at.person.personalId},${at.person.fullName},${100_000 + serial++}\n` } }),
  },
  'GET /api/v1/one-off-batches': { access: { permission: 'payroll.read' }, outOfScope: 'filtered' },
  'GET /api/v1/one-off-batches/:id': { access: { permission: 'payroll.read' }, scoped: true, request: (_fx, at) => ({ params: { id: at.oneOffBatchId } }) },
  'GET /api/v1/one-off-batches/:id/report.xlsx': { access: { permission: 'payroll.read' }, scoped: true, request: (_fx, at) => ({ params: { id: at.oneOffBatchId } }) },
  'POST /api/v1/one-off-batches/:id/approve': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.oneOffBatchId }, payload: {} }) },
  'POST /api/v1/one-off-batches/:id/reject': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.oneOffBatchId }, payload: { reason: 'Sai danh sách' } }) },
  'GET /api/v1/one-off-caps/:provinceCode': {
    access: { authenticated: true },
    request: (_fx, at) => ({ params: { provinceCode: at.provinceCode } }),
    note: 'A province’s cap per person of one-off payments: a setting, no personal data.',
  },
  'PUT /api/v1/one-off-caps/:provinceCode': { access: { permission: 'settings.manage' }, scoped: true, request: (_fx, at) => ({ params: { provinceCode: at.provinceCode }, payload: { capVnd: 5_000_000 } }) },
  'GET /api/v1/payroll/deadlines': { access: { permission: 'payroll.read' }, outOfScope: 'filtered', request: () => ({ query: { month: '2024-07' } }) },
  'GET /api/v1/payroll/deadlines/config/:provinceCode': {
    access: { authenticated: true },
    request: (_fx, at) => ({ params: { provinceCode: at.provinceCode } }),
    note: 'A province’s due days and failure policy: settings, no personal data.',
  },
  'PUT /api/v1/payroll/deadlines/config/:provinceCode': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ params: { provinceCode: at.provinceCode }, payload: { listDueDay: 25, reportDueDay: 20 } }),
  },

  // ————— complaints and requests (khiếu nại, kiến nghị) —————
  'GET /api/v1/complaints': { access: { permission: 'complaints.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { unit: at.communeCode } }) },
  'POST /api/v1/complaints': {
    access: { permission: 'complaints.write' },
    scoped: true,
    request: (_fx, at) => ({ payload: { personalId: at.person.personalId, kind: 'OTHER', text: 'Hỏi về lịch chi trả' } }),
  },
  'GET /api/v1/complaints/:id': { access: { permission: 'complaints.read' }, request: () => ({ params: { id: 999_999 } }), note: 'No such complaint: 404 after the permission check.' },
  'POST /api/v1/complaints/:id/assign': { access: { permission: 'complaints.write' }, request: () => ({ params: { id: 999_999 }, payload: { to: 'mx.officer' } }), note: 'As GET /api/v1/complaints/:id.' },
  'POST /api/v1/complaints/:id/resolve': { access: { permission: 'complaints.write' }, request: () => ({ params: { id: 999_999 }, payload: { outcome: 'EXPLAINED', text: 'Đã giải thích' } }), note: 'As GET /api/v1/complaints/:id.' },
  'GET /api/v1/complaints/deadline/:provinceCode': {
    access: { permission: 'complaints.read' },
    request: (_fx, at) => ({ params: { provinceCode: at.provinceCode } }),
    note: 'A province’s answer deadline in working days: a setting, no personal data.',
  },
  'PUT /api/v1/complaints/deadline/:provinceCode': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ params: { provinceCode: at.provinceCode }, payload: { workingDays: 10 } }),
  },

  // ————— accounts, campaign, self-service —————
  'GET /api/v1/accounts/proposals': { access: { permission: 'registry.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { commune: at.communeCode } }) },
  'POST /api/v1/accounts/proposals': {
    access: { permission: 'accounts.propose' },
    scoped: true,
    request: (_fx, at) => ({ payload: { personalId: at.person.personalId, channel: 'TIEN_MAT', providerCode: 'VNPOST' } }),
  },
  'POST /api/v1/accounts/proposals/:id/approve': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.proposalId }, payload: {} }) },
  'POST /api/v1/accounts/proposals/:id/reject': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ params: { id: at.proposalId }, payload: { reason: 'Sai số tài khoản' } }) },
  'POST /api/v1/accounts/verify': { answers: [503], note: 'No population or account-inquiry service in the test world: its 503 comes after the permission and scope checks.', access: { permission: 'accounts.verify' }, scoped: true, request: unitBody },
  'GET /api/v1/campaign/stages': {
    access: { authenticated: true },
    note: 'The names of the campaign stages: no data, but every /api/v1 route wants a session.',
  },
  'PUT /api/v1/campaign/stages/:personalId': { access: { permission: 'campaign.write' }, scoped: true, request: (_fx, at) => ({ params: { personalId: at.cashPerson.personalId }, payload: { stage: 'CONTACTED' } }) },
  // A list: each person outside the area is a row error (NOT_FOUND), nothing about them is said.
  'POST /api/v1/campaign/stages': { access: { permission: 'campaign.write' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: [{ personalId: at.cashPerson.personalId, stage: 'CONTACTED' }] }) },
  'POST /api/v1/campaign/home-delivery/:personalId': {
    access: { permission: ['campaign.write', 'accounts.propose'] },
    scoped: true,
    request: (_fx, at) => ({ params: { personalId: at.cashPerson.personalId }, payload: {} }),
    note: 'The person is not at the stage NEEDS_HOME_DELIVERY: 409 after the checks.',
  },
  'PUT /api/v1/campaign/targets': { access: { permission: 'campaign.targets' }, scoped: true, request: (_fx, at) => ({ payload: { unitCode: at.communeCode, period: '2024-12', targetPct: 60 } }) },
  'GET /api/v1/campaign/dashboard': { access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ query: { unit: at.communeCode } }) },
  'GET /api/v1/campaign/dashboard.xlsx': { access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ query: { unit: at.communeCode } }) },
  // Another commune's list is empty: the people are chosen by the caller's area in the query.
  'GET /api/v1/campaign/cash/:communeCode': { access: { permission: 'reports.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ params: { communeCode: at.communeCode } }) },
  'POST /api/public/self-service/code': { access: { public: true }, request: (fx) => ({ payload: { personalId: fx.localities.A.cashPerson.personalId, birthDate: fx.localities.A.cashPerson.birthDate } }) },
  'POST /api/public/self-service/proposal': {
    access: { public: true },
    request: (fx) => ({
      payload: { personalId: fx.localities.A.cashPerson.personalId, birthDate: fx.localities.A.cashPerson.birthDate, code: '000000', channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: '123456789', accountHolder: fx.localities.A.cashPerson.fullName },
    }),
  },
  'POST /api/public/self-service/status': {
    access: { public: true },
    request: (fx) => ({ payload: { personalId: fx.localities.A.cashPerson.personalId, birthDate: fx.localities.A.cashPerson.birthDate, code: '000000' } }),
  },
  'POST /api/public/self-service/complaint': {
    access: { public: true },
    request: (fx) => ({ payload: { personalId: fx.localities.A.cashPerson.personalId, birthDate: fx.localities.A.cashPerson.birthDate, token: '1.2.3', kind: 'OTHER', text: 'Hỏi' } }),
  },

  // ————— population, quality, notifications —————
  'POST /api/v1/population/verify': { answers: [503], note: 'No population or account-inquiry service in the test world: its 503 comes after the permission and scope checks.', access: { permission: 'registry.review' }, scoped: true, request: unitBody },
  'GET /api/v1/review-items': { access: { permission: 'registry.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { commune: at.communeCode } }) },
  'POST /api/v1/review-items/:id/resolve': {
    access: { permission: 'registry.review' },
    request: () => ({ params: { id: 999_999 }, payload: { action: 'dismiss' } }),
    note: 'An item that does not exist: the permission is checked before the lookup.',
  },
  'POST /api/v1/quality/flags/recompute': { access: { permission: 'registry.review' } },
  'GET /api/v1/quality/flags/summary': { access: { permission: 'registry.read' } },
  'POST /api/v1/notifications/dispatch': { access: { roles: ['admin'], reason: 'Sending the waiting SMS is the system administrator’s job (notifications.service.ts).' }, request: () => ({ payload: { limit: 1 } }) },
  'GET /api/v1/notifications': { access: { permission: 'reports.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { unit: at.communeCode } }) },
  // The wording is the province's: a commune's users read it from any commune of the province (no personal data).
  'GET /api/v1/notifications/templates': { access: { permission: 'reports.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { province: at.provinceCode } }) },
  // Reset to the wording above: nothing changes when the province has none of its own.
  'PUT /api/v1/notifications/templates/:kind': { access: { permission: 'settings.manage' }, scoped: true, request: (_fx, at) => ({ params: { kind: 'PAYMENT_CREDITED' }, payload: { province: at.provinceCode, text: null } }) },
  'PUT /api/v1/beneficiaries/:personalId/sms-opt-out': { access: { permission: 'accounts.propose' }, scoped: true, request: (_fx, at) => ({ params: { personalId: at.person.personalId }, payload: { optOut: false } }) },
  'POST /api/v1/callbacks/sms/delivery': { access: { signature: true }, request: () => ({ payload: { messageId: 'mx-sms-1', status: 'DELIVERED' } }) },

  // ————— disbursement —————
  'GET /api/v1/disbursement/cycles/:id/batches': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/disbursement/cycles/:id/items': { access: { permission: 'payroll.read', list: 'lines' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, query: { commune: at.communeCode } }) },
  // The agents reconcile their own provider's items: the report shows them only those (reconcile.service.ts).
  'GET /api/v1/disbursement/cycles/:id/report': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/disbursement/cycles/:id/report.xlsx': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/disbursement/cycles/:id/files': {
    access: { permission: 'disbursement.send' },
    scoped: true,
    request: (_fx, at) => ({ params: { id: at.cycleId } }),
    formats: { pain001: bankFiles, csv: bankFiles, xlsx: bankFiles, 'cash-list': { request: (_fx, at) => ({ params: { id: at.cycleId }, query: { provider: 'VNPOST' } }) } },
  },
  'GET /api/v1/ledger/check': { access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ query: { cycle: at.cycleId } }) },
  'POST /api/v1/disbursement/cycles/:id/batches': { access: { permission: 'disbursement.send' }, scoped: true, request: cycle },
  // A batch id of no batch: the permission and the locality are checked before the batch is looked for.
  'POST /api/v1/disbursement/cycles/:id/batches/:batchId/hand-over': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId, batchId: 999999999 } }) },
  'POST /api/v1/disbursement/cycles/:id/cash-confirmations': {
    access: { permission: 'disbursement.confirmCash' },
    scoped: true,
    actor: 'provider:VNPOST',
    request: (_fx, at) => ({ params: { id: at.cycleId }, payload: { confirmations: [{ endToEndId: 'MATRIXNOSUCHITEM', result: 'PAID_SELF' }] } }),
  },
  // Cash result corrections (issue 22 item 7): an agent of the item's provider or an administrator; no such item or correction: 404 after the cycle's scope.
  'GET /api/v1/disbursement/cycles/:id/cash-corrections': { access: { permission: 'disbursement.confirmCash' }, scoped: true, request: cycle },
  'POST /api/v1/disbursement/cycles/:id/cash-corrections': {
    access: { permission: 'disbursement.confirmCash' },
    scoped: true,
    actor: 'provider:VNPOST',
    request: (_fx, at) => ({ params: { id: at.cycleId }, payload: { endToEndId: 'MATRIXNOSUCHITEM', result: 'NOT_FOUND', reason: 'Không gặp người hưởng' } }),
  },
  'POST /api/v1/disbursement/cycles/:id/cash-corrections/:correctionId/confirm': {
    access: { permission: 'disbursement.confirmCash' },
    scoped: true,
    actor: 'provider:VNPOST',
    request: (_fx, at) => ({ params: { id: at.cycleId, correctionId: 999_999_999 }, payload: {} }),
  },
  'POST /api/v1/disbursement/cycles/:id/cash-corrections/:correctionId/reject': {
    access: { permission: 'disbursement.confirmCash' },
    scoped: true,
    actor: 'provider:VNPOST',
    request: (_fx, at) => ({ params: { id: at.cycleId, correctionId: 999_999_999 }, payload: { note: 'Sai' } }),
  },
  'POST /api/v1/disbursement/cycles/:id/reconcile': {
    access: { permission: 'reconciliation.ingest' },
    scoped: true,
    // The file's provider is named; an agent names its own.
    request: (_fx, at, caller) => ({ params: { id: at.cycleId }, query: { provider: providerOf(caller) ?? 'VNPOST' }, file: { name: 'ket-qua.csv', content: 'end_to_end_id,status\nMATRIXNOSUCHITEM,PAID\n' } }),
  },
  'POST /api/v1/disbursement/cycles/:id/poll': { access: { permission: 'reconciliation.ingest' }, scoped: true, request: cycle },
  'POST /api/v1/disbursement/cycles/:id/send': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: { timeoutMs: 1000 } }) },
  'GET /api/v1/disbursement/cycles/:id/held-results': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'POST /api/v1/disbursement/cycles/:id/held-results/apply': { access: { permission: 'reconciliation.ingest' }, scoped: true, request: cycle },
  // ————— payment points and home delivery (issue 22 item 4) —————
  'GET /api/v1/cash/points': { access: { permission: 'payroll.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { unit: at.communeCode } }) },
  'POST /api/v1/cash/points': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode, name: unique('Điểm chi trả ') } }) },
  'POST /api/v1/cash/points/:id/schedule': {
    access: { permission: 'disbursement.send' },
    scoped: true,
    request: (_fx, at) => ({ params: { id: 999_999 }, payload: { cycle: at.cycleId, dates: ['2024-07-20'] } }),
    note: 'No such point: 404 after the permission and the cycle’s scope checks.',
  },
  'GET /api/v1/cash/rounds': { access: { permission: 'payroll.read' }, scoped: true, request: (_fx, at) => ({ query: { cycle: at.cycleId } }) },
  'POST /api/v1/cash/rounds': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: at.cycleId, unit: at.communeCode, date: '2024-07-21' } }) },
  'GET /api/v1/cash/list.xlsx': {
    access: { roles: ['officer', 'province', 'provider'], reason: 'The cash list carries whole IDs, addresses and phones: the roles that may export them in full, with a payment list (officers, the province, the provider’s agent for its own points and rounds; not the administrator: cashpoints.service.ts).' },
    scoped: true,
    request: (_fx, at) => ({ query: { cycle: at.cycleId, point: 999_999 } }),
    note: 'No such point: 404 after the checks of the role, the export and the cycle’s scope.',
  },
  'PUT /api/v1/providers/:code/endpoint': {
    access: { roles: ['admin'], national: true, reason: 'Provider connections and their secrets: national system administrators only (endpoints.service.ts).' },
    request: () => ({ params: { code: '971005' }, payload: { kind: 'G2P', baseUrl: 'http://127.0.0.1:9', secret: walletSecret } }),
  },
  'POST /api/v1/callbacks/g2p/:providerCode': {
    access: { signature: true },
    request: () => ({ params: { providerCode: '971005' }, payload: '{"header":{"message_id":"mx-1"},"message":{}}', headers: { 'content-type': 'application/json' } }),
  },
  'POST /api/v1/callbacks/g2p/:providerCode/disburse/txn/on-status': {
    access: { signature: true },
    request: () => ({ params: { providerCode: '971005' }, payload: '{"header":{"message_id":"mx-2"},"message":{}}', headers: { 'content-type': 'application/json' } }),
  },

  // ————— fees —————
  'GET /api/v1/fee-schedules': { access: { permission: 'units.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ query: { unit: at.provinceCode } }) },
  'POST /api/v1/fee-schedules': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ payload: { providerCode: '970405', channel: 'TK_NGAN_HANG', validFrom: '2024-09-01', provinceCode: at.provinceCode, fixedVnd: 1000 } }),
  },
  'GET /api/v1/payroll/cycles/:id/fees': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/fees.xlsx': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  'GET /api/v1/payroll/cycles/:id/settlement': { access: { permission: 'payroll.read' }, scoped: true, request: cycle },
  // the fixture's cycles are not reconciled: the allowed close is refused with 409 (the settlement does not balance)
  'POST /api/v1/payroll/cycles/:id/close': { access: { permission: 'payroll.fund' }, scoped: true, request: (_fx, at) => ({ params: { id: at.cycleId }, payload: {} }) },
  // ————— reports —————
  'GET /api/v1/reports/monthly': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'GET /api/v1/reports/trends': { access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ query: { from: '2024-01', to: '2024-12', unit: at.communeCode } }) },
  'GET /api/v1/reports/period': { access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ query: { year: 2024, period: 'H2', unit: at.communeCode } }) },
  'GET /api/v1/reports/monthly/published': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'GET /api/v1/reports/monthly.xlsx': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'GET /api/v1/reports/monthly.pdf': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'GET /api/v1/reports/monthly/published.xlsx': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'GET /api/v1/reports/monthly/published.pdf': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  'POST /api/v1/reports/submissions': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }) },
  'GET /api/v1/reports/submissions': { access: { permission: 'reports.read' }, scoped: true, request: monthlyReport },
  // no submission in the fixture: the allowed callers get 404 like the others
  'GET /api/v1/reports/submissions/:id': { access: { permission: 'reports.read' }, request: () => ({ params: { id: 999_999 } }) },
  'POST /api/v1/reports/submissions/:id/confirm': { access: { permission: 'payroll.approve' }, request: () => ({ params: { id: 999_999 }, payload: {} }) },
  'POST /api/v1/reports/submissions/:id/return': {
    access: { roles: ['admin', 'province'], reason: 'a province (or the country) returns its units’ reports' },
    request: () => ({ params: { id: 999_999 }, payload: { reason: 'Thiếu số liệu' } }),
  },
  'POST /api/v1/reports/submissions/remind': {
    access: { roles: ['admin', 'province'], reason: 'a province (or the country) reminds its late units' },
    scoped: true,
    request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }),
  },

  // ————— commands (POST /api/v1/commands/<name>): the same services as the routes above —————
  'POST /api/v1/commands/users.list': { readOnly: true, access: { permission: 'users.read' }, outOfScope: 'filtered', request: () => ({ payload: {} }) },
  'POST /api/v1/commands/users.changes': { readOnly: true, access: { permission: 'users.read' }, request: () => ({ payload: {} }) },
  'POST /api/v1/commands/users.reset-password': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ payload: { username: at.victimUsername, password: strongPassword } }) },
  'POST /api/v1/commands/users.set-role': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ payload: { username: at.victimUsername, role: 'officer', unit: at.communeCode } }) },
  'POST /api/v1/commands/users.approve': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ payload: { id: String(at.userChangeId) } }) },
  'POST /api/v1/commands/users.reject': { access: { permission: 'users.manage' }, scoped: true, request: (_fx, at) => ({ payload: { id: String(at.userChangeId), reason: 'Không cần' } }) },
  'POST /api/v1/commands/audit.verify': { readOnly: true, access: { permission: 'audit.verify' }, request: () => ({ payload: {} }) },
  'POST /api/v1/commands/beneficiary.show': { readOnly: true, access: { permission: 'registry.read' }, scoped: true, request: (_fx, at) => ({ payload: { personalId: at.person.personalId } }) },
  'POST /api/v1/commands/beneficiary.resume': { access: { permission: 'registry.write' }, scoped: true, request: (_fx, at) => ({ payload: { personalId: at.person.personalId } }) },
  'POST /api/v1/commands/beneficiary.suspend': {
    access: { permission: 'registry.write' },
    scoped: true,
    // No reason: the allowed caller gets the domain's own refusal, nothing changes.
    request: (_fx, at) => ({ payload: { personalId: at.person.personalId } }),
  },
  'POST /api/v1/commands/beneficiary.terminate': { access: { permission: 'registry.write' }, scoped: true, request: (_fx, at) => ({ payload: { personalId: at.person.personalId } }) },
  'POST /api/v1/commands/import.list': { readOnly: true, access: { permission: 'registry.read' }, outOfScope: 'filtered', request: () => ({ payload: { approval: 'PENDING' } }) },
  'POST /api/v1/commands/import.changes': { readOnly: true, access: { permission: 'registry.read' }, scoped: true, request: (_fx, at) => ({ payload: { batchId: String(at.importBatchId) } }) },
  'POST /api/v1/commands/import.approve': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ payload: { batchId: String(at.importBatchId) } }) },
  'POST /api/v1/commands/import.reject': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ payload: { batchId: String(at.importBatchId), reason: 'Sai tài khoản' } }) },
  'POST /api/v1/commands/verify.population': { answers: [503], note: 'No population or account-inquiry service in the test world: its 503 comes after the permission and scope checks.', access: { permission: 'registry.review' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/verify.accounts': { answers: [503], note: 'No population or account-inquiry service in the test world: its 503 comes after the permission and scope checks.', access: { permission: 'accounts.verify' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/quality.check': { access: { permission: 'registry.review' }, request: () => ({ payload: {} }) },
  'POST /api/v1/commands/review.list': { readOnly: true, access: { permission: 'registry.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { commune: at.communeCode } }) },
  'POST /api/v1/commands/review.resolve': { access: { permission: 'registry.review' }, request: () => ({ payload: { id: '999999', action: 'dismiss' } }) },
  'POST /api/v1/commands/notifications.send': { access: { roles: ['admin'], reason: 'As POST /api/v1/notifications/dispatch.' }, request: () => ({ payload: { limit: '1' } }) },
  'POST /api/v1/commands/notifications.list': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/notifications.templates': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { province: at.provinceCode } }) },
  'POST /api/v1/commands/notifications.template.set': { access: { permission: 'settings.manage' }, scoped: true, request: (_fx, at) => ({ payload: { kind: 'PAYMENT_CREDITED', province: at.provinceCode, reset: true } }) },
  'POST /api/v1/commands/notifications.optout': { access: { permission: 'accounts.propose' }, scoped: true, request: (_fx, at) => ({ payload: { id: at.person.personalId, undo: true } }) },
  'POST /api/v1/commands/payroll.generate': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }) },
  'POST /api/v1/commands/payroll.lines': { readOnly: true, access: { permission: 'payroll.read', list: 'lines' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), commune: at.communeCode } }) },
  'POST /api/v1/commands/payroll.diff': { readOnly: true, access: { permission: 'payroll.read', list: 'changes' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.audit': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode, from: '2024-07', to: '2024-07' } }) },
  'POST /api/v1/commands/payroll.submit': { access: { permission: 'payroll.prepare' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.approve': { access: { permission: 'payroll.approve' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.withdraw': { access: { permission: 'payroll.prepare' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.reject': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), reason: 'Sai số liệu' } }) },
  'POST /api/v1/commands/payroll.fund': { access: { permission: 'payroll.fund' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), reference: 'KBNN-Y', amount: '1000' } }) },
  'POST /api/v1/commands/oneoff.list': { readOnly: true, access: { permission: 'payroll.read' }, outOfScope: 'filtered', request: () => ({ payload: {} }) },
  'POST /api/v1/commands/oneoff.show': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, request: (_fx, at) => ({ payload: { id: String(at.oneOffBatchId) } }) },
  'POST /api/v1/commands/oneoff.approve': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ payload: { id: String(at.oneOffBatchId) } }) },
  'POST /api/v1/commands/oneoff.reject': { access: { permission: 'payroll.approve' }, scoped: true, request: (_fx, at) => ({ payload: { id: String(at.oneOffBatchId), reason: 'Sai danh sách' } }) },
  'POST /api/v1/commands/oneoff.cap': {
    readOnly: true,
    access: { authenticated: true },
    request: (_fx, at) => ({ payload: { province: at.provinceCode } }),
    note: 'A province’s cap per person of one-off payments: a setting, no personal data (setting it needs settings.manage).',
  },
  'POST /api/v1/commands/payroll.suspensions': { readOnly: true, access: { permission: 'registry.review' }, request: () => ({ payload: {} }) },
  'POST /api/v1/commands/payroll.deadlines': { readOnly: true, access: { permission: 'payroll.read' }, outOfScope: 'filtered', request: () => ({ payload: { month: '2024-07' } }) },
  'POST /api/v1/commands/payroll.one-off': {
    access: { permission: 'payroll.prepare' },
    scoped: true,
    request: (_fx, at) => ({ payload: { id: at.person.personalId, programme: 'TGXH', month: '2024-07', amount: '100000', reason: 'Hỗ trợ đột xuất', key: unique('mxc-') } }),
  },
  'POST /api/v1/commands/payroll.recovery': {
    access: { permission: 'payroll.prepare' },
    scoped: true,
    request: (_fx, at) => ({ payload: { id: at.person.personalId, programme: 'TGXH', amount: '50000', reason: 'Thu hồi chi sai', decision: '06/QĐ' } }),
  },
  'POST /api/v1/commands/account.propose': { access: { permission: 'accounts.propose' }, scoped: true, request: (_fx, at) => ({ payload: { id: at.person.personalId, channel: 'TIEN_MAT', provider: 'VNPOST' } }) },
  'POST /api/v1/commands/account.approve': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ payload: { proposalId: String(at.proposalId) } }) },
  'POST /api/v1/commands/account.reject': { access: { permission: 'accounts.approve' }, scoped: true, request: (_fx, at) => ({ payload: { proposalId: String(at.proposalId), reason: 'Sai' } }) },
  'POST /api/v1/commands/account.proposals': { readOnly: true, access: { permission: 'registry.read' }, outOfScope: 'filtered', request: () => ({ payload: {} }) },
  'POST /api/v1/commands/campaign.stage': { access: { permission: 'campaign.write' }, scoped: true, request: (_fx, at) => ({ payload: { id: at.cashPerson.personalId, stage: 'CONTACTED' } }) },
  'POST /api/v1/commands/campaign.propose-home': {
    access: { permission: ['campaign.write', 'accounts.propose'] },
    scoped: true,
    request: (_fx, at) => ({ payload: { id: at.cashPerson.personalId } }),
    note: 'The person is not at the stage NEEDS_HOME_DELIVERY: 409 after the checks.',
  },
  'POST /api/v1/commands/cash.point.add': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode, name: unique('Điểm chi trả ') } }) },
  'POST /api/v1/commands/cash.point.list': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/cash.schedule': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), point: '999999', date: '2024-07-20' } }), note: 'As POST /api/v1/cash/points/:id/schedule.' },
  'POST /api/v1/commands/cash.round.add': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), unit: at.communeCode, date: '2024-07-21' } }) },
  'POST /api/v1/commands/cash.correct': {
    access: { permission: 'disbursement.confirmCash' },
    scoped: true,
    actor: 'provider:VNPOST',
    request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), e2e: 'MATRIXNOSUCHITEM', result: 'NOT_FOUND', reason: 'Không gặp người hưởng' } }),
    note: 'As POST /api/v1/disbursement/cycles/:id/cash-corrections.',
  },
  'POST /api/v1/commands/cash.correction.confirm': { access: { permission: 'disbursement.confirmCash' }, actor: 'provider:VNPOST', request: () => ({ payload: { id: '999999999' } }), note: 'No such correction: 404 after the permission.' },
  'POST /api/v1/commands/cash.correction.reject': { access: { permission: 'disbursement.confirmCash' }, actor: 'provider:VNPOST', request: () => ({ payload: { id: '999999999' } }), note: 'As confirm.' },
  'POST /api/v1/commands/cash.correction.list': { readOnly: true, access: { permission: 'disbursement.confirmCash' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/cash.round.list': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId) } }) },
  'POST /api/v1/commands/campaign.target': { access: { permission: 'campaign.targets' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode, period: '2024-12', pct: '60' } }) },
  'POST /api/v1/commands/campaign.dashboard': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/disburse.batches': { access: { permission: 'disbursement.send' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/disburse.hand-over': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), provider: 'NOSUCH' } }) },
  'POST /api/v1/commands/ledger.check': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/disburse.send': { access: { permission: 'disbursement.send' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), timeoutMs: '1000' } }) },
  'POST /api/v1/commands/disburse.poll': { access: { permission: 'reconciliation.ingest' }, scoped: true, request: (_fx, at) => ({ payload: { cycle: String(at.cycleId), timeoutMs: '1000' } }) },
  'POST /api/v1/commands/disburse.results.held': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/disburse.results.apply-held': { access: { permission: 'reconciliation.ingest' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/providers.fee.list': { readOnly: true, access: { permission: 'units.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { unit: at.provinceCode } }) },
  'POST /api/v1/commands/providers.fee.set': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ payload: { provider: '970405', channel: 'TK_NGAN_HANG', from: '2024-09-02', unit: at.provinceCode, fixed: '1000' } }),
  },
  'POST /api/v1/commands/payroll.fees': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.settlement': { readOnly: true, access: { permission: 'payroll.read' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/payroll.close': { access: { permission: 'payroll.fund' }, scoped: true, request: cycleCommand },
  'POST /api/v1/commands/report.trends': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ payload: { from: '2024-01', to: '2024-12', unit: at.communeCode } }) },
  'POST /api/v1/commands/report.period': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ payload: { year: '2024', period: 'H2', unit: at.communeCode } }) },
  'POST /api/v1/commands/report.submit': { access: { permission: 'payroll.prepare' }, scoped: true, request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }) },
  'POST /api/v1/commands/report.submissions': { readOnly: true, access: { permission: 'reports.read' }, scoped: true, request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }) },
  'POST /api/v1/commands/report.submission': { readOnly: true, access: { permission: 'reports.read' }, request: () => ({ payload: { id: '999999' } }) },
  'POST /api/v1/commands/report.confirm': { access: { permission: 'payroll.approve' }, request: () => ({ payload: { id: '999999' } }) },
  'POST /api/v1/commands/report.return': {
    access: { roles: ['admin', 'province'], reason: 'a province (or the country) returns its units’ reports' },
    request: () => ({ payload: { id: '999999', reason: 'Thiếu số liệu' } }),
  },
  'POST /api/v1/commands/report.remind': {
    access: { roles: ['admin', 'province'], reason: 'a province (or the country) reminds its late units' },
    scoped: true,
    request: (_fx, at) => ({ payload: { month: '2024-07', unit: at.communeCode } }),
  },
  'POST /api/v1/commands/providers.endpoint': {
    access: { roles: ['admin'], national: true, reason: 'As PUT /api/v1/providers/:code/endpoint.' },
    request: () => ({ payload: { provider: '971005', kind: 'G2P', url: 'http://127.0.0.1:9', secret: walletSecret } }),
  },
  // the providers' profiles and file templates (issue 20, item 2): no credential is ever shown
  'GET /api/v1/provider-profiles': { access: { permission: 'settings.manage' }, note: 'Profiles show fingerprints and public keys only.' },
  'GET /api/v1/providers/:code/profile': { access: { permission: 'settings.manage' }, request: () => ({ params: { code: '971005' } }) },
  'GET /api/v1/providers/:code/template': { access: { permission: 'settings.manage' }, request: () => ({ params: { code: '971005' } }) },
  'PUT /api/v1/providers/:code/template': {
    access: { roles: ['admin'], national: true, reason: 'A provider’s file layout decides what reaches it: national system administrators, as its connection (file-templates.service.ts).' },
    request: () => ({ params: { code: '970436' }, payload: { shipped: 'generic-bank' } }),
  },
  'POST /api/v1/providers/:code/template/preview': {
    readOnly: true,
    access: { permission: 'settings.manage' },
    request: () => ({ params: { code: '971005' }, payload: { rows: 2 } }),
  },
  'POST /api/v1/commands/providers.list': { readOnly: true, access: { permission: 'settings.manage' }, request: () => ({ payload: {} }) },
  'POST /api/v1/commands/providers.show': { readOnly: true, access: { permission: 'settings.manage' }, request: () => ({ payload: { code: '971005' } }) },
  'POST /api/v1/commands/providers.template.show': { readOnly: true, access: { permission: 'settings.manage' }, request: () => ({ payload: { provider: '971005' } }) },

  // ————— paying accounts and secrets at rest (issue 20) —————
  'GET /api/v1/payers': {
    access: { anyPermission: ['settings.manage', 'payers.approve', 'disbursement.send'] },
    scoped: true,
    outOfScope: 'filtered',
    request: (_fx, at) => ({ query: { unit: at.provinceCode } }),
    note: 'The paying agencies’ accounts of a province (no personal data), read province-wide: a commune’s users see their province’s.',
  },
  'POST /api/v1/payers': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ payload: { unitCode: at.provinceCode, programme: 'NCC', bin: '970405', accountNumber: '3900201009999', name: 'Sở Nội vụ' } }),
  },
  'POST /api/v1/payers/:id/approve': { access: { permission: 'payers.approve' }, request: () => ({ params: { id: 999_999 } }), note: 'No such proposal: 404 after the permission check.' },
  'POST /api/v1/payers/:id/reject': { access: { permission: 'payers.approve' }, request: () => ({ params: { id: 999_999 }, payload: { reason: 'Sai' } }), note: 'As approve.' },
  'POST /api/v1/commands/payer.set': {
    access: { permission: 'settings.manage' },
    scoped: true,
    request: (_fx, at) => ({ payload: { unit: at.provinceCode, programme: 'HTXH', bin: '970405', account: '3900201008888', name: 'Sở Y tế' } }),
  },
  'POST /api/v1/commands/payer.approve': { access: { permission: 'payers.approve' }, request: () => ({ payload: { proposalId: '999999' } }), note: 'As POST /api/v1/payers/:id/approve.' },
  'POST /api/v1/commands/payer.reject': { access: { permission: 'payers.approve' }, request: () => ({ payload: { proposalId: '999999', reason: 'Sai' } }), note: 'As approve.' },
  'POST /api/v1/commands/payer.list': {
    readOnly: true,
    access: { anyPermission: ['settings.manage', 'payers.approve', 'disbursement.send'] },
    scoped: true,
    outOfScope: 'filtered',
    request: (_fx, at) => ({ payload: { unit: at.provinceCode } }),
  },
  'POST /api/v1/commands/complaint.file': {
    access: { permission: 'complaints.write' },
    scoped: true,
    request: (_fx, at) => ({ payload: { id: at.person.personalId, kind: 'OTHER', text: 'Hỏi về lịch chi trả' } }),
  },
  'POST /api/v1/commands/complaint.assign': { access: { permission: 'complaints.write' }, request: () => ({ payload: { id: '999999', to: 'mx.officer' } }), note: 'As POST /api/v1/complaints/:id/assign.' },
  'POST /api/v1/commands/complaint.resolve': { access: { permission: 'complaints.write' }, request: () => ({ payload: { id: '999999', outcome: 'EXPLAINED', text: 'Đã giải thích' } }), note: 'As POST /api/v1/complaints/:id/resolve.' },
  'POST /api/v1/commands/complaint.list': { readOnly: true, access: { permission: 'complaints.read' }, scoped: true, outOfScope: 'filtered', request: (_fx, at) => ({ payload: { unit: at.communeCode } }) },
  'POST /api/v1/commands/complaint.deadline': { access: { permission: 'settings.manage' }, scoped: true, request: (_fx, at) => ({ payload: { province: at.provinceCode, days: '10' } }) },
  'POST /api/v1/commands/secrets.rotate': {
    access: { roles: ['admin'], national: true, reason: 'The key of the secrets at rest: national system administrators only (secrets.service.ts).' },
    request: () => ({ payload: {} }),
  },
};
