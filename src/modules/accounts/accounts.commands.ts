import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { CampaignDashboard, Proposal, ProposalApproved, ProposalCreated, ProposalRejected, StageSet, StagesSet, TargetSet } from './accounts.schemas.js';
import { campaignDashboard, proposeHomeDelivery, readStageList, setStage, setStages, setTarget, type ProgrammeGroup } from './campaign.service.js';
import { approveProposal, listProposals, proposeInstrument, rejectProposal } from './proposals.service.js';

export const accountsCommands: Record<string, Command> = {
  'account.propose': command({
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
    result: ProposalCreated,
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
  }),
  'account.approve': command({
    cli: ['account', 'approve'],
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: { reason: { kind: 'text', value: 'comment' } },
    result: ProposalApproved,
    run: (ctx, actor, args) => approveProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason')),
  }),
  'account.reject': command({
    cli: ['account', 'reject'],
    database: true,
    arguments: [{ name: 'proposalId', kind: 'text' }],
    options: { reason: { kind: 'text', required: true, value: 'text' } },
    result: ProposalRejected,
    run: (ctx, actor, args) => rejectProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason') ?? ''),
  }),
  'account.proposals': command({
    cli: ['account', 'proposals'],
    database: true,
    options: { status: { kind: 'text', value: 'status', description: 'PENDING, APPROVED, REJECTED, CANCELLED' } },
    result: Type.Array(Proposal),
    run: (ctx, actor, args) => listProposals(ctx, actor, { status: argOptional(args, 'status') }),
  }),
  'campaign.stage': command({
    cli: ['campaign', 'stage'],
    database: true,
    options: { id: { kind: 'text', required: true, value: 'personalId' }, stage: { kind: 'text', required: true, value: 'stage' }, note: { kind: 'text', value: 'text' } },
    result: StageSet,
    run: (ctx, actor, args) => setStage(ctx, actor, { personalId: argString(args, 'id'), stage: argString(args, 'stage'), note: argOptional(args, 'note') }),
  }),
  'campaign.propose-home': command({
    cli: ['campaign', 'propose-home'],
    description: { vi: 'Đề xuất chi trả tại nhà cho người ở giai đoạn "Cần chi trả tại nhà"', en: 'Propose home delivery (TAI_NHA) for a person at the stage NEEDS_HOME_DELIVERY (maker-checker)' },
    database: true,
    options: { id: { kind: 'text', required: true, value: 'personalId' }, provider: { kind: 'text', value: 'code', description: 'the cash provider (default VNPOST)' } },
    result: ProposalCreated,
    run: (ctx, actor, args) => proposeHomeDelivery(ctx, actor, { personalId: argString(args, 'id'), providerCode: argOptional(args, 'provider'), source: 'CLI' }),
  }),
  'campaign.stages': command({
    cli: ['campaign', 'stages'],
    description: { vi: 'Cập nhật giai đoạn theo danh sách', en: 'stages from a list' },
    database: true,
    arguments: [{ name: 'file', kind: 'path', description: 'CSV with so_dinh_danh, giai_doan and optional ghi_chu (e.g. the commune visit sheet)' }],
    options: {},
    result: StagesSet,
    run: async (ctx, actor, args) => setStages(ctx, actor, await readStageList(argString(args, 'file'))),
  }),
  'campaign.target': command({
    cli: ['campaign', 'target'],
    database: true,
    options: {
      unit: { kind: 'text', required: true, value: 'code' },
      period: { kind: 'text', required: true, value: 'YYYY-MM' },
      pct: { kind: 'text', value: 'percent', description: 'a share of the people paid (or --people)' },
      people: { kind: 'text', value: 'N', description: 'a number of people paid into an account or wallet (or --pct)' },
      programme: { kind: 'text', value: 'code' },
    },
    result: TargetSet,
    run: (ctx, actor, args) => {
      const pct = argOptional(args, 'pct');
      const people = argOptional(args, 'people');
      return setTarget(ctx, actor, {
        unitCode: argString(args, 'unit'), programme: argOptional(args, 'programme'), period: argString(args, 'period'),
        targetPct: pct === undefined ? null : Number(pct), targetPeople: people === undefined ? null : Number(people),
      });
    },
  }),
  'campaign.dashboard': command({
    cli: ['campaign', 'dashboard'],
    database: true,
    options: { unit: { kind: 'text', value: 'code' }, group: { kind: 'text', value: 'group', description: 'ALL, SOCIAL or NCC' } },
    result: CampaignDashboard,
    run: (ctx, actor, args) => campaignDashboard(ctx, actor, { unitCode: argOptional(args, 'unit'), group: (argOptional(args, 'group') ?? 'ALL') as ProgrammeGroup }),
  }),
};
