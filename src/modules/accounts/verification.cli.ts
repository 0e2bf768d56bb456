import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { describeError } from '../../cli/dispatch.js';
import { domainError } from '../../core/errors.js';
import { readVnd, type AmountVnd } from '../../core/money.js';
import { demoSeed } from '../../demo/seed.js';
import { startAccountsSimulator, type AccountOverride } from '../../simulators/accounts/accounts.simulator.js';
import { startSmsSimulator } from '../../simulators/sms/sms.simulator.js';
import { buildVietQr } from '../formats/vietqr.js';

function printLocalError(error: unknown, json: boolean): void {
  const described = describeError(error);
  if (json) process.stdout.write(JSON.stringify({ error: described }, null, 2) + '\n');
  process.stderr.write(`Lỗi ${described.code}: ${described.message}\nError ${described.code}: ${described.messageEn}\n`);
  process.exitCode = 1;
}

// ─── asxh vietqr ──────────────────────────────────────────────────────────────────────────────────

export interface VietQrCliOptions {
  bin: string;
  account: string;
  amount?: string;
  purpose?: string;
  bill?: string;
}

/** The payload `asxh vietqr` prints: a static QR, or a dynamic one when an amount is given. */
export function vietQrPayload(options: VietQrCliOptions): string {
  let amountVnd: AmountVnd | undefined;
  if (options.amount !== undefined) {
    const amount = /^\d{1,13}$/.test(options.amount) ? readVnd(options.amount) : null;
    if (amount === null) {
      throw domainError('ARGUMENT_INVALID', 400, '--amount phải là số đồng nguyên dương', '--amount must be a whole number of đồng', { field: 'amount' });
    }
    amountVnd = amount;
  }
  return buildVietQr({ bin: options.bin, accountNumber: options.account, amountVnd, billNumber: options.bill, purpose: options.purpose });
}

/** Runs without the database: building a QR needs nothing but its arguments. */
export function runVietQrCli(options: VietQrCliOptions & { json?: boolean }, write: (text: string) => void = (text) => process.stdout.write(text)): void {
  try {
    const payload = vietQrPayload(options);
    write(options.json ? JSON.stringify({ payload }, null, 2) + '\n' : payload + '\n');
  } catch (error) {
    printLocalError(error, Boolean(options.json));
  }
}

// ─── Simulators ───────────────────────────────────────────────────────────────────────────────────

interface AccountsSimulatorCliOptions {
  port: string;
  host: string;
  seed?: string;
  data?: string[];
  slowRate?: string;
  slowMs?: string;
  overrides?: string;
  apiKey?: string;
}

function readOverrides(path: string | undefined): Record<string, AccountOverride> | undefined {
  if (!path) return undefined;
  return JSON.parse(readFileSync(resolve(path), 'utf8')) as Record<string, AccountOverride>;
}

/** Keeps a simulator in the foreground until Ctrl-C (or SIGTERM). */
async function untilStopped(close: () => Promise<void>): Promise<void> {
  await new Promise<void>((done) => {
    const stop = () => void close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function runAccountsSimulator(options: AccountsSimulatorCliOptions): Promise<void> {
  const simulator = await startAccountsSimulator({
    port: Number(options.port),
    host: options.host,
    seed: options.seed === undefined ? demoSeed : Number(options.seed),
    dataFiles: (options.data ?? []).map((file) => resolve(file)),
    slowRate: options.slowRate === undefined ? 0 : Number(options.slowRate),
    slowMs: options.slowMs === undefined ? undefined : Number(options.slowMs),
    overrides: readOverrides(options.overrides),
    apiKey: options.apiKey ?? process.env.ASXH_ACCOUNTS_API_KEY ?? undefined,
  });
  process.stdout.write(`Account-inquiry simulator listening on ${simulator.url} (ASXH_ACCOUNTS_URL=${simulator.url}); Ctrl-C to stop\n`);
  await untilStopped(simulator.close);
}

async function runSmsSimulator(options: { port: string; host: string }): Promise<void> {
  const simulator = await startSmsSimulator({ port: Number(options.port), host: options.host });
  process.stdout.write(`SMS simulator listening on ${simulator.url} (ASXH_SMS_URL=${simulator.url}); messages at ${simulator.url}/v1/messages; Ctrl-C to stop\n`);
  await untilStopped(simulator.close);
}

function foreground<T>(run: (options: T) => Promise<void>): (options: T) => Promise<void> {
  return async (options) => {
    try {
      await run(options);
    } catch (error) {
      process.stderr.write(`Lỗi / Error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  };
}

/** Adds `sim accounts` and `sim sms` to the shared `sim` command (another module adds `sim population`). */
export function addSimCommands(sim: Program): void {
  sim
    .command('accounts')
    .description('Run the account-name inquiry (NAPAS) simulator in the foreground (no database)')
    .requiredOption('--port <n>', 'TCP port (0 = any free port)')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--seed <n>', 'outcome seed (default: the demo seed)')
    .option('--data <files...>', 'import-template CSV/XLSX files whose accounts carry their holder names')
    .option('--slow-rate <0..1>', 'share of inquiries answered slowly (client timeouts)')
    .option('--slow-ms <n>', 'delay of a slow answer (default 6000)')
    .option('--overrides <file.json>', 'forced outcomes: {"970405:3606205123456": {"status": "CLOSED"}}')
    .option('--api-key <key>', 'require this x-api-key (default ASXH_ACCOUNTS_API_KEY)')
    .action(foreground(runAccountsSimulator));

  sim
    .command('sms')
    .description('Run the SMS gateway simulator in the foreground (no database); GET /v1/messages lists what it received')
    .requiredOption('--port <n>', 'TCP port (0 = any free port)')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .action(foreground(runSmsSimulator));
}

/** `asxh vietqr`: no database, so not a registered command. */
export function addVietQrCommand(program: Program): void {
  program
    .command('vietqr')
    .description('Print a VietQR payload (NAPAS, PAYMENT-FORMATS §4) for a BIN and account; no database')
    .requiredOption('--bin <bin>', '6-digit NAPAS BIN, e.g. 970405')
    .requiredOption('--account <number>', 'account number')
    .option('--amount <vnd>', 'amount in đồng (makes a one-off, dynamic QR)')
    .option('--purpose <text>', 'purpose (tag 62.08), ≤ 25 characters without diacritics')
    .option('--bill <text>', 'bill number (tag 62.01)')
    .option('--json', 'JSON output: {"payload": …}')
    .action((options: VietQrCliOptions & { json?: boolean }) => runVietQrCli(options));
}
