import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { domainError } from '../../core/errors.js';
import { computeQualityFlags } from '../quality/quality.service.js';
import { reviewKinds, reviewStatuses, type ReviewKind, type ReviewStatus } from './population.repository.js';
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

/**
 * Population checks, review queue and quality flags, shared by the CLI and the command endpoint.
 * The CLI wiring is in population.cli.ts (it imports the CLI's `execute`, which would close an
 * import cycle through app/commands.ts if it lived here).
 */
export const populationCommands: Record<string, Command> = {
  'verify.population': {
    database: true,
    options: { unit: 'text' },
    async run(ctx, actor, args) {
      return verifyPopulation(ctx, actor, { unitCode: argOptional(args, 'unit') });
    },
  },
  'quality.check': {
    database: true,
    options: {},
    async run(ctx, actor) {
      return computeQualityFlags(ctx, actor);
    },
  },
  'review.list': {
    database: true,
    options: { status: 'text', kind: 'text', commune: 'text', before: 'text', limit: 'text' },
    async run(ctx, actor, args) {
      return listReviewItems(ctx, actor, {
        status: oneOf<ReviewStatus>(args, 'status', reviewStatuses),
        kind: oneOf<ReviewKind>(args, 'kind', reviewKinds),
        communeCode: argOptional(args, 'commune'),
        beforeId: args.before === undefined ? undefined : argInteger(args, 'before'),
        limit: argInteger(args, 'limit', 50),
      });
    },
  },
  'review.resolve': {
    database: true,
    options: { id: 'text', action: 'text', note: 'text' },
    async run(ctx, actor, args) {
      argString(args, 'action'); // ARGUMENT_MISSING when absent
      const action = oneOf<ReviewAction>(args, 'action', reviewActions)!;
      return resolveReviewItem(ctx, actor, argInteger(args, 'id'), { action, note: argOptional(args, 'note') });
    },
  },
};
