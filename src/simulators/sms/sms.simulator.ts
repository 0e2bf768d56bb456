import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { smsIdempotencyHeader, smsTextLengthMax, type SmsRequestBody, type SmsResponseBody } from '../../adapters/notifications/sms.client.js';

/**
 * A stand-in SMS gateway for demos and tests (`asxh sim sms`): it accepts messages, keeps them in
 * memory and lists them, so a test or a demo operator can read what a beneficiary would receive.
 * A repeated Idempotency-Key returns the first message's id without storing it again, like a
 * gateway that honours the header. No database.
 */

export interface SmsSimulatorOptions {
  port: number;
  host?: string;
}

export interface SimulatedSms {
  messageId: string;
  to: string;
  text: string;
  receivedAt: string;
}

export interface SmsSimulator {
  url: string;
  /** Messages received so far (optionally to one number), oldest first. */
  messages(to?: string): SimulatedSms[];
  clear(): void;
  close(): Promise<void>;
}

/** Oldest messages are dropped beyond this: a long demo run keeps flat memory. */
const messagesMax = 100_000;

const sendBodySchema = {
  type: 'object',
  required: ['to', 'text'],
  additionalProperties: false,
  properties: { to: { type: 'string', pattern: '^0\\d{9}$' }, text: { type: 'string', minLength: 1, maxLength: smsTextLengthMax } },
} as const;

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { to: { type: 'string', pattern: '^0\\d{9}$' } },
} as const;

export async function startSmsSimulator(options: SmsSimulatorOptions): Promise<SmsSimulator> {
  let received: SimulatedSms[] = [];
  // Idempotency key → message id; cleared with the messages.
  let seenKeys = new Map<string, string>();

  const list = (to?: string) => (to ? received.filter((message) => message.to === to) : [...received]);
  const clear = () => {
    received = [];
    seenKeys = new Map();
  };

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.get('/health', async () => ({ status: 'ok', messages: received.length }));

  app.post<{ Body: SmsRequestBody }>('/v1/sms', { schema: { body: sendBodySchema } }, async (request): Promise<SmsResponseBody> => {
    const key = request.headers[smsIdempotencyHeader];
    const repeated = typeof key === 'string' ? seenKeys.get(key) : undefined;
    if (repeated) return { messageId: repeated };
    const message: SimulatedSms = { messageId: randomUUID(), to: request.body.to, text: request.body.text, receivedAt: new Date().toISOString() };
    received.push(message);
    if (typeof key === 'string' && key !== '') seenKeys.set(key.slice(0, 200), message.messageId);
    if (received.length > messagesMax) received = received.slice(received.length - messagesMax);
    if (seenKeys.size > messagesMax) seenKeys = new Map([...seenKeys].slice(seenKeys.size - messagesMax));
    return { messageId: message.messageId };
  });

  app.get<{ Querystring: { to?: string } }>('/v1/messages', { schema: { querystring: listQuerySchema } }, async (request) => ({ messages: list(request.query.to) }));

  app.delete('/v1/messages', async () => {
    const deleted = received.length;
    clear();
    return { deleted };
  });

  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return { url: address, messages: list, clear, close: () => app.close() };
}
