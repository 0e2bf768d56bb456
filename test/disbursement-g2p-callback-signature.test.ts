import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setProviderEndpoint } from '../src/modules/disbursement/endpoints.service.js';
import { pollCycle, sendCycle } from '../src/modules/disbursement/send.service.js';
import { signWebhook } from '../src/modules/formats/webhook.js';
import { createTestApp, type TestContext } from './helpers/context.js';
import { createSafeTestContext } from './helpers/safe-db.js';
import { connectEndpoints, createFundedCycle, itemStates, providerSecrets, startSimulators, walletCode, withDisbursementRoutes, type FundedCycle, type Simulators } from './helpers/disbursement-fixture.js';

/**
 * Callbacks signed with the provider's ed25519 key are verified against the public key registered
 * in its profile; with a key registered, an unsigned body is refused.
 */
function ed25519Pair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('G2P callbacks signed by the provider', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let fixture: FundedCycle;
  let simulators: Simulators | undefined;

  beforeEach(async () => {
    ctx = await createSafeTestContext('2024-07-05T03:00:00Z');
    fixture = await createFundedCycle(ctx);
    app = await withDisbursementRoutes(await createTestApp(ctx), ctx);
  });
  afterEach(async () => {
    await simulators?.close();
    await app.close();
    await ctx.close();
  });

  const walletOutcomes = async () => (await itemStates(ctx, fixture.cycleId)).filter((item) => item.providerCode === walletCode).map((item) => item.outcome);

  it('applies callbacks whose body signature holds with the profile key, and refuses those signed with another key or unsigned', async () => {
    const provider = ed25519Pair();
    const callbackBase = await app.listen({ port: 0, host: '127.0.0.1' });
    simulators = await startSimulators({ wallet: { config: { signingKeyPem: provider.privateKeyPem, callbackDelayMs: 0, rates: {} } } });
    await connectEndpoints(ctx, fixture.admin, simulators, callbackBase, { statusMode: 'ASYNC' });

    // The profile holds another key: the on-disburse callback is refused (the provider gives up after its retries).
    const registerKey = (providerPublicKey: string) =>
      setProviderEndpoint(ctx, fixture.admin, { providerCode: walletCode, kind: 'G2P', baseUrl: simulators!.wallet.url, providerPublicKey });
    await expect(registerKey('not-a-key')).rejects.toMatchObject({ code: 'ENDPOINT_PUBLIC_KEY_INVALID' });
    await expect(registerKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString())).rejects.toMatchObject({ code: 'ENDPOINT_PUBLIC_KEY_INVALID' });
    await registerKey(ed25519Pair().publicKeyPem);
    await sendCycle(ctx, fixture.officer, fixture.cycleId);
    await simulators.wallet.idle();
    expect(simulators.wallet.stats().callbacks).toMatchObject({ delivered: 0, failed: 1 });
    expect(await walletOutcomes()).toEqual(['NONE', 'NONE', 'NONE']);

    // The provider's key: an unsigned body is refused even with the right HMAC; the signed on-status answer applies.
    // the raw 32 bytes in base64, as providers often publish a key, name the same key
    const view = await registerKey(Buffer.from(JSON.parse(JSON.stringify(createPublicKey(provider.publicKeyPem).export({ format: 'jwk' }))).x, 'base64url').toString('base64'));
    expect(view.providerPublicKey).not.toBeNull();
    const unsignedBody = JSON.stringify({ header: { message_id: 'U1', message_ts: '2024-07-06T09:00:00+07:00', action: 'on-disburse', status: 'pdng' } });
    const unsigned = await app.inject({
      method: 'POST', url: `/api/v1/callbacks/g2p/${walletCode}`, payload: unsignedBody,
      headers: { 'content-type': 'application/json', 'x-asxh-signature': signWebhook(providerSecrets.wallet, unsignedBody, Math.floor(Date.now() / 1000)) },
    });
    expect([unsigned.statusCode, unsigned.json().details.reason]).toEqual([401, 'body signature missing']);
    await pollCycle(ctx, fixture.officer, fixture.cycleId);
    await simulators.wallet.idle();
    expect(simulators.wallet.stats().callbacks).toMatchObject({ delivered: 1, failed: 1 });
    expect(await walletOutcomes()).toEqual(['PAID', 'PAID', 'PAID']);
  });
});
