import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/app/bootstrap.js';
import { runCommand } from '../src/app/commands.js';
import { queryRows } from '../src/db/client.js';
import type { Actor } from '../src/modules/access/scope.js';
import { findEndpoint, setProviderEndpoint } from '../src/modules/disbursement/endpoints.service.js';
import { secretKeyFileName } from '../src/modules/secrets/keys.js';
import { rotateSecrets } from '../src/modules/secrets/secrets.service.js';
import { createTestApp, createTestContext, createTestUser, json, loginCookie, type TestContext } from './helpers/context.js';
import { withDisbursementRoutes } from './helpers/disbursement-fixture.js';
import { tempDir } from './helpers/files.js';

/** Secrets at rest (issue 20, item 3): encrypted under a key outside the database, never shown, rotated in one transaction. */

const bankSecret = 'bank-h2h-secret-at-rest-0001';
const walletSecret = 'wallet-g2p-secret-at-rest-0002';

/** Every text the database holds about secrets, endpoints, settings and the audit trail, as one string. */
async function databaseText(ctx: TestContext): Promise<string> {
  const rows = await queryRows<{ text: string }>(
    ctx.db.orm,
    sql`SELECT (SELECT COALESCE(string_agg(s::text, ' '), '') FROM secrets s) || (SELECT COALESCE(string_agg(e::text, ' '), '') FROM provider_endpoints e)
            || (SELECT COALESCE(string_agg(a::text, ' '), '') FROM audit_events a) || (SELECT COALESCE(string_agg(t::text, ' '), '') FROM app_settings t) AS text`,
  );
  return rows[0]!.text;
}

async function sealedKeys(ctx: TestContext): Promise<string[]> {
  return (await queryRows<{ keyId: string }>(ctx.db.orm, sql`SELECT DISTINCT key_id AS "keyId" FROM secrets ORDER BY 1`)).map((row) => row.keyId);
}

describe('secrets at rest', () => {
  let ctx: TestContext;
  let admin: Actor;
  let dataDir: string;

  beforeEach(async () => {
    ctx = await createTestContext();
    dataDir = tempDir();
    // A data folder of its own: the key file is created there, and rotated there, by this test only.
    ctx.config = { ...ctx.config, dataDir, secretKey: undefined, secretKeyPrevious: undefined };
    admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
  });
  afterEach(async () => ctx.close());

  it('stores only the ciphertext under a key file made once with mode 0600, and opens it for use', async () => {
    const view = await setProviderEndpoint(ctx, admin, { providerCode: '970405', kind: 'BANK_H2H', baseUrl: 'https://bank.example.vn/h2h', secret: bankSecret });
    expect(view).toMatchObject({ providerCode: '970405', hasSecret: true });
    expect(JSON.stringify(view)).not.toContain(bankSecret);
    const keyFile = join(dataDir, secretKeyFileName);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);

    const stored = await queryRows<{ key_id: string; nonce: string; tag: string; ciphertext: string; purpose: string }>(ctx.db.orm, sql`SELECT key_id, nonce, tag, ciphertext, purpose FROM secrets`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ purpose: 'provider_endpoint:970405', key_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(Buffer.from(stored[0]!.ciphertext, 'base64').toString('utf8')).not.toContain(bankSecret);
    expect(await databaseText(ctx)).not.toContain(bankSecret);
    expect((await findEndpoint(ctx.db.orm, '970405'))?.secret).toBe(bankSecret);

    // A changed ciphertext does not open.
    await ctx.db.orm.execute(sql`UPDATE secrets SET tag = 'AAAAAAAAAAAAAAAAAAAAAA=='`);
    await expect(findEndpoint(ctx.db.orm, '970405')).rejects.toMatchObject({ code: 'SECRET_DAMAGED' });
  });

  it('refuses a plain-text secret written to the table directly', async () => {
    await setProviderEndpoint(ctx, admin, { providerCode: '970405', kind: 'BANK_H2H', baseUrl: 'https://bank.example.vn/h2h', secret: bankSecret });
    await expect(ctx.db.orm.execute(sql`UPDATE provider_endpoints SET legacy_plaintext_secret = 'plain-text-secret-0000', secret_id = NULL`)).rejects.toThrow();
    await expect(ctx.db.orm.execute(sql`INSERT INTO provider_endpoints (provider_code, kind, base_url, legacy_plaintext_secret, updated_by) VALUES ('971005', 'G2P', 'https://w.example.vn', 'plain-text-secret-0000', 'x')`)).rejects.toThrow();
  });

  it('encrypts the plain-text secrets of an older database at the first start, audited', async () => {
    // A row as migration 0007 wrote it (the trigger that now forbids it set aside for the test).
    await ctx.db.orm.execute(sql`ALTER TABLE provider_endpoints DISABLE TRIGGER provider_endpoints_no_plaintext`);
    await ctx.db.orm.execute(sql`INSERT INTO provider_endpoints (provider_code, kind, base_url, legacy_plaintext_secret, updated_by) VALUES ('971005', 'G2P', 'https://wallet.example.vn', ${walletSecret}, 'old')`);
    await ctx.db.orm.execute(sql`ALTER TABLE provider_endpoints ENABLE TRIGGER provider_endpoints_no_plaintext`);
    expect((await findEndpoint(ctx.db.orm, '971005'))?.secret).toBe(walletSecret);

    await prepareDatabase(ctx);
    await prepareDatabase(ctx);
    expect(await databaseText(ctx)).not.toContain(walletSecret);
    expect((await findEndpoint(ctx.db.orm, '971005'))?.secret).toBe(walletSecret);
    const events = await queryRows<{ after: { sealed: number; providers: string[] } }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'secrets.plaintext_encrypted'`);
    expect(events.map((event) => event.after)).toEqual([{ sealed: 1, providers: ['971005'] }]);
  });

  it('re-encrypts every secret under a new key file in one transaction, audited with counts', async () => {
    await setProviderEndpoint(ctx, admin, { providerCode: '970405', kind: 'BANK_H2H', baseUrl: 'https://bank.example.vn/h2h', secret: bankSecret });
    await setProviderEndpoint(ctx, admin, { providerCode: '971005', kind: 'G2P', baseUrl: 'https://wallet.example.vn', secret: walletSecret });
    const [oldKey] = await sealedKeys(ctx);
    const keyFile = join(dataDir, secretKeyFileName);
    const oldMaterial = readFileSync(keyFile, 'utf8');

    const officer = await createTestUser(ctx, { username: 'tinh', role: 'province', unitCode: '51' });
    await expect(rotateSecrets(ctx, officer)).rejects.toMatchObject({ status: 403 });

    const result = (await runCommand(ctx, { name: 'secrets.rotate', args: {}, as: 'quantri', operator: 'test', requestId: 'rotate' })) as { keyId: string; reencrypted: number; before: Record<string, number> };
    expect(result).toMatchObject({ reencrypted: 2, before: { [oldKey!]: 2 } });
    expect(result.keyId).not.toBe(oldKey);
    expect(await sealedKeys(ctx)).toEqual([result.keyId]);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldMaterial);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir).sort()).toEqual([secretKeyFileName, `${secretKeyFileName}.retired-${oldKey}`]);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect((await findEndpoint(ctx.db.orm, '970405'))?.secret).toBe(bankSecret);
    expect((await findEndpoint(ctx.db.orm, '971005'))?.secret).toBe(walletSecret);
    const events = await queryRows<{ after: Record<string, unknown> }>(ctx.db.orm, sql`SELECT after FROM audit_events WHERE action = 'secrets.rotated'`);
    expect(events.map((event) => event.after)).toEqual([{ keyId: result.keyId, reencrypted: 2, previousKeyId: oldKey }]);
    expect(await databaseText(ctx)).not.toContain(bankSecret);
  });

  it('rotates to a new ASXH_SECRET_KEY with the old one as ASXH_SECRET_KEY_PREVIOUS', async () => {
    const first = randomBytes(32).toString('base64');
    const second = randomBytes(32).toString('base64');
    ctx.config = { ...ctx.config, secretKey: first };
    await setProviderEndpoint(ctx, admin, { providerCode: '970405', kind: 'BANK_H2H', baseUrl: 'https://bank.example.vn/h2h', secret: bankSecret });
    const [firstId] = await sealedKeys(ctx);
    expect(existsSync(join(dataDir, secretKeyFileName))).toBe(false);

    ctx.config = { ...ctx.config, secretKey: second, secretKeyPrevious: first };
    const result = await rotateSecrets(ctx, admin);
    expect(result).toMatchObject({ reencrypted: 1, before: { [firstId!]: 1 }, keySource: 'ASXH_SECRET_KEY' });
    expect(await sealedKeys(ctx)).toEqual([result.keyId]);
    expect(result.keyId).not.toBe(firstId);
    expect((await findEndpoint(ctx.db.orm, '970405'))?.secret).toBe(bankSecret);
  });

  it('never shows the secret through the API or the commands', async () => {
    const app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
    try {
      const cookie = await loginCookie(app, 'quantri');
      const put = await app.inject({ method: 'PUT', url: '/api/v1/providers/970405/endpoint', headers: { cookie }, payload: { kind: 'BANK_H2H', baseUrl: 'https://bank.example.vn/h2h', secret: bankSecret } });
      expect(put.statusCode).toBe(200);
      expect(json(put)).toMatchObject({ providerCode: '970405', hasSecret: true });
      expect(put.body).not.toContain(bankSecret);
      const command = await app.inject({
        method: 'POST',
        url: '/api/v1/commands/providers.endpoint',
        headers: { cookie },
        payload: { provider: '971005', kind: 'G2P', url: 'https://wallet.example.vn', secret: walletSecret },
      });
      expect(command.statusCode).toBe(200);
      expect(json(command)).toMatchObject({ hasSecret: true });
      expect(command.body).not.toContain(walletSecret);
    } finally {
      await app.close();
    }
    const text = await databaseText(ctx);
    expect(text).not.toContain(bankSecret);
    expect(text).not.toContain(walletSecret);
  });
});
