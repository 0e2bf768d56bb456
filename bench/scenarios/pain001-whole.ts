import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { vndFromDb } from '../../src/core/money.js';
import { queryRows, type Executor } from '../../src/db/client.js';
import { keysetPages } from '../../src/db/paging.js';
import { writePain001, type Pain001Transaction } from '../../src/modules/formats/index.js';

/**
 * The province's batches are split by bank, so no real batch reaches a million lines. To measure the
 * writer at that size, every item of the cycle goes into one pain.001 (as if all were at one bank),
 * read page by page like a batch and hashed like an exported file.
 */
export async function wholeCyclePain001(executor: Executor, cycleId: number, path: string): Promise<{ lines: number; fileMb: number; sha256: string }> {
  const totals = await queryRows<{ count: number; sum: string }>(executor, sql`SELECT count(*)::int AS count, sum(amount_vnd)::text AS sum FROM disbursement_items WHERE cycle_id = ${cycleId}`);
  async function* transactions(): AsyncGenerator<Pain001Transaction> {
    const pages = keysetPages(
      (afterId) =>
        queryRows<{ id: number; e2e: string; amount: string; name: string; account: string | null; provider: string }>(
          executor,
          sql`SELECT id::int AS id, end_to_end_id AS e2e, amount_vnd::text AS amount, COALESCE(account_holder, full_name) AS name, account_number AS account, provider_code AS provider
              FROM disbursement_items i WHERE i.cycle_id = ${cycleId} AND i.id > ${afterId} ORDER BY i.id LIMIT 5000`,
        ),
      5000,
    );
    for await (const page of pages) {
      for (const item of page) {
        yield { endToEndId: item.e2e, amountVnd: vndFromDb(item.amount), creditorName: item.name, creditorAccount: item.account ?? '0000000000', creditorAgentBin: /^\d{6}$/.test(item.provider) ? item.provider : '970405', remittance: `TRO CAP T10 2025 MA ${item.e2e}`, purpose: 'SSBE' };
      }
    }
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const output = createWriteStream(path);
  const chunks = writePain001(
    {
      messageId: `BENCH-${cycleId}`, createdAt: '2025-10-01T08:00:00+07:00', initiatingPartyName: 'UBND TINH QUANG NGAI',
      debtor: { name: 'UBND TINH QUANG NGAI', accountNumber: '0000000000001', agentBin: '970405' }, requestedExecutionDate: '2025-10-01', categoryPurpose: 'SSBE',
      batches: [{ paymentInfoId: `BENCH-${cycleId}`, count: totals[0]!.count, controlSumVnd: vndFromDb(totals[0]!.sum) }],
    },
    transactions(),
  );
  await pipeline(
    Readable.from(chunks),
    new Transform({
      transform(chunk: string, _encoding, callback) {
        const buffer = Buffer.from(chunk, 'utf8');
        hash.update(buffer);
        bytes += buffer.length;
        callback(null, buffer);
      },
    }),
    output,
  );
  return { lines: totals[0]!.count, fileMb: Math.round(bytes / 1048576), sha256: hash.digest('hex') };
}

