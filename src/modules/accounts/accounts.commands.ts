import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { campaignDashboard, readStageList, setStage, setStages, setTarget, type ProgrammeGroup } from './campaign.service.js';
import { approveProposal, listProposals, proposeInstrument, rejectProposal } from './proposals.service.js';

export const accountsCommands: Record<string, Command> = {
  'account.propose': {
    database: true,
    options: { id: 'text', channel: 'text', provider: 'text', account: 'text', holder: 'text', category: 'text' },
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
    database: true,
    options: { proposalId: 'text', reason: 'text' },
    run: (ctx, actor, args) => approveProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason')),
  },
  'account.reject': {
    database: true,
    options: { proposalId: 'text', reason: 'text' },
    run: (ctx, actor, args) => rejectProposal(ctx, actor, argInteger(args, 'proposalId'), argOptional(args, 'reason') ?? ''),
  },
  'account.proposals': { database: true, options: { status: 'text' }, run: (ctx, actor, args) => listProposals(ctx, actor, { status: argOptional(args, 'status') }) },
  'campaign.stage': {
    database: true,
    options: { id: 'text', stage: 'text', note: 'text' },
    run: (ctx, actor, args) => setStage(ctx, actor, { personalId: argString(args, 'id'), stage: argString(args, 'stage'), note: argOptional(args, 'note') }),
  },
  'campaign.stages': { database: true, options: { file: 'path' }, run: async (ctx, actor, args) => setStages(ctx, actor, await readStageList(argString(args, 'file'))) },
  'campaign.target': {
    database: true,
    options: { unit: 'text', period: 'text', pct: 'text', programme: 'text' },
    run: (ctx, actor, args) => setTarget(ctx, actor, { unitCode: argString(args, 'unit'), programme: argOptional(args, 'programme'), period: argString(args, 'period'), targetPct: Number(argString(args, 'pct')) }),
  },
  'campaign.dashboard': {
    database: true,
    options: { unit: 'text', group: 'text' },
    run: (ctx, actor, args) => campaignDashboard(ctx, actor, { unitCode: argOptional(args, 'unit'), group: (argOptional(args, 'group') ?? 'ALL') as ProgrammeGroup }),
  },
};
