import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { campaignDashboard, readStageList, setStage, setStages, setTarget, type ProgrammeGroup } from './campaign.service.js';
import { approveProposal, listProposals, proposeInstrument, rejectProposal } from './proposals.service.js';

export const accountsCommands: Record<string, Command> = {
  'account.propose': {
    cli: ['account', 'propose'],
    database: true,
    options: {
      id: { kind: 'text', required: true, value: 'personalId' },
      channel: { kind: 'text', required: true, value: 'channel', description: 'TK_NGAN_HANG, VI_DIEN_TU, MOBILE_MONEY, TIEN_MAT, TAI_NHA' },
      provider: { kind: 'text', value: 'code', description: 'NAPAS BIN, wallet code or VNPOST' },
      account: { kind: 'text', value: 'number' },
      holder: { kind: 'text', value: 'name' },
      category: { kind: 'text', value: 'code', description: 'only this enrolment' },
    },
    run: (ctx, actor, args) =>
      proposeInstrument(ctx, actor, {
        personalId: argString(args, 'id'),
        channel: argString(args, 'channel'),
        providerCode: argOptional(args, 'provider'),
        accountNumber: argOptional(args, 'account'),
        accountHolder: argOptional(args, 'holder'),
        category: argOptional(args, 'category'),
        source: 'CLI',
      }),
  },
  'account.approve': {
    cli: ['account', 'approve'],
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: { reason: { kind: 'text', value: 'comment' } },
    run: (ctx, actor, args) => approveProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason')),
  },
  'account.reject': {
    cli: ['account', 'reject'],
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: { reason: { kind: 'text', required: true, value: 'text' } },
    run: (ctx, actor, args) => rejectProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason') ?? ''),
  },
  'account.proposals': {
    cli: ['account', 'proposals'],
    database: true,
    options: { status: { kind: 'text', value: 'status', description: 'PENDING, APPROVED, REJECTED, CANCELLED' } },
    run: (ctx, actor, args) => listProposals(ctx, actor, { status: argOptional(args, 'status') }),
  },
  'campaign.stage': {
    cli: ['campaign', 'stage'],
    database: true,
    options: { id: { kind: 'text', required: true, value: 'personalId' }, stage: { kind: 'text', required: true, value: 'stage' }, note: { kind: 'text', value: 'text' } },
    run: (ctx, actor, args) => setStage(ctx, actor, { personalId: argString(args, 'id'), stage: argString(args, 'stage'), note: argOptional(args, 'note') }),
  },
  'campaign.stages': {
    cli: ['campaign', 'stages'],
    description: { vi: 'Cập nhật giai đoạn theo danh sách', en: 'stages from a list' },
    database: true,
    arguments: [{ name: 'file', kind: 'path', description: 'CSV with so_dinh_danh, giai_doan and optional ghi_chu (e.g. the commune visit sheet)' }],
    options: {},
    run: async (ctx, actor, args) => setStages(ctx, actor, await readStageList(argString(args, 'file'))),
  },
  'campaign.target': {
    cli: ['campaign', 'target'],
    database: true,
    options: {
      unit: { kind: 'text', required: true, value: 'code' },
      period: { kind: 'text', required: true, value: 'YYYY-MM' },
      pct: { kind: 'text', required: true, value: 'percent' },
      programme: { kind: 'text', value: 'code' },
    },
    run: (ctx, actor, args) => setTarget(ctx, actor, { unitCode: argString(args, 'unit'), programme: argOptional(args, 'programme'), period: argString(args, 'period'), targetPct: Number(argString(args, 'pct')) }),
  },
  'campaign.dashboard': {
    cli: ['campaign', 'dashboard'],
    database: true,
    options: { unit: { kind: 'text', value: 'code' }, group: { kind: 'text', value: 'group', description: 'ALL, SOCIAL or NCC' } },
    run: (ctx, actor, args) => campaignDashboard(ctx, actor, { unitCode: argOptional(args, 'unit'), group: (argOptional(args, 'group') ?? 'ALL') as ProgrammeGroup }),
  },
};
