import type { AppContext } from '../../src/app/context.js';
import type { Actor } from '../../src/modules/access/scope.js';
import { approvePayer, payerProgrammes, proposePayer } from '../../src/modules/payers/payers.service.js';

/** The paying account the fixtures approve: one agency's account at Agribank for every programme. */
export const fixturePayer = { bin: '970405', accountNumber: '3900201000001', name: 'SO Y TE TINH QUANG NGAI' } as const;

const fixtureActor = (username: string): Actor => ({ userId: null, username, role: 'admin', scope: { level: 'national' }, providerCode: null, requestId: `fixture-${username}` });

/**
 * Approved paying accounts for a province (maker and checker are two fixture operators), so that
 * its payment files and requests have their debtor; every programme by default.
 */
export async function approvePayers(
  ctx: AppContext,
  provinceCode: string,
  options: { programmes?: readonly string[]; bin?: string; accountNumber?: string; name?: string } = {},
): Promise<number[]> {
  const ids: number[] = [];
  for (const programme of options.programmes ?? payerProgrammes) {
    const proposal = await proposePayer(ctx, fixtureActor('fixture.payer.maker'), {
      unitCode: provinceCode,
      programme,
      bin: options.bin ?? fixturePayer.bin,
      accountNumber: options.accountNumber ?? fixturePayer.accountNumber,
      name: options.name ?? fixturePayer.name,
    });
    if (proposal.status === 'PENDING') await approvePayer(ctx, fixtureActor('fixture.payer.checker'), proposal.proposalId);
    ids.push(proposal.proposalId);
  }
  return ids;
}
