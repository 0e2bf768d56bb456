import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { domainError } from '../../core/errors.js';
import { FlagSummary } from '../quality/quality.schemas.js';
import { computeQualityFlags } from '../quality/quality.service.js';
import { reviewKinds, reviewStatuses, type ReviewKind, type ReviewStatus } from './population.repository.js';
import { PopulationVerification, ReviewPage, ReviewResolution } from './population.schemas.js';
import { listReviewItems, resolveReviewItem, reviewActions, verifyPopulation, type ReviewAction } from './population.service.js';

function oneOf<T extends string>(args: Parameters<typeof argOptional>[0], name: string, values: readonly T[]): T | undefined {
  const value = argOptional(args, name);
  if (value === undefined) return undefined;
  // Statuses and kinds are upper case, actions lower case: accept either spelling.
  const match = [value, value.toUpperCase(), value.toLowerCase()].find((candidate) => (values as readonly string[]).includes(candidate));
  if (match === undefined) {
    throw domainError('ARGUMENT_INVALID', 400, `--${name} phải là một trong ${values.join(', ')}`, `--${name} must be one of ${values.join(', ')}`, { field: name, value });
  }
  return match as T;
}

/** Population checks, review queue and quality flags (`asxh verify population`, `asxh review …`, `asxh quality check`). */
export const populationCommands: Record<string, Command> = {
  'verify.population': command({
    cli: ['verify', 'population'],
    description: { en: 'Check people against the national population database (CSDLQG) and queue the discrepancies for review' },
    database: true,
    options: { unit: { kind: 'text', value: 'code', description: 'only this province (2 digits) or commune (5 digits) inside your area' } },
    result: PopulationVerification,
    async run(ctx, actor, args) {
      return verifyPopulation(ctx, actor, { unitCode: argOptional(args, 'unit') });
    },
  }),
  'quality.check': command({
    cli: ['quality', 'check'],
    description: { en: 'Recompute the data-quality flags over the whole registry' },
    database: true,
    options: {},
    result: FlagSummary,
    async run(ctx, actor) {
      return computeQualityFlags(ctx, actor);
    },
  }),
  'review.list': command({
    cli: ['review', 'list'],
    description: { en: 'Review items in your area, newest first' },
    database: true,
    options: {
      status: { kind: 'text', value: 'status', description: reviewStatuses.join(', ') },
      kind: { kind: 'text', value: 'kind', description: reviewKinds.join(', ') },
      commune: { kind: 'text', value: 'code' },
      before: { kind: 'text', value: 'id', description: 'keyset paging: items with a smaller id' },
      limit: { kind: 'text', value: 'n' },
    },
    result: ReviewPage,
    async run(ctx, actor, args) {
      return listReviewItems(ctx, actor, {
        status: oneOf<ReviewStatus>(args, 'status', reviewStatuses),
        kind: oneOf<ReviewKind>(args, 'kind', reviewKinds),
        communeCode: argOptional(args, 'commune'),
        beforeId: args.before === undefined ? undefined : argInteger(args, 'before'),
        limit: argInteger(args, 'limit', 50),
      });
    },
  }),
  'review.resolve': command({
    cli: ['review', 'resolve'],
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'review item id' }],
    options: { action: { kind: 'text', required: true, value: 'action', description: reviewActions.join(' | ') }, note: { kind: 'text', value: 'text', description: 'reason (required to dismiss)' } },
    result: ReviewResolution,
    async run(ctx, actor, args) {
      argString(args, 'action'); // ARGUMENT_MISSING when absent
      const action = oneOf<ReviewAction>(args, 'action', reviewActions)!;
      return resolveReviewItem(ctx, actor, argInteger(args, 'id'), { action, note: argOptional(args, 'note') });
    },
  }),
};
