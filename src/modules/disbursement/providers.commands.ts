import { readFile, stat } from 'node:fs/promises';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { domainError } from '../../core/errors.js';
import { isFileMissing } from '../formats/csv-file.js';
import { previewProviderTemplate, setProviderTemplate, showProviderTemplate } from './file-templates.service.js';
import { previewBatchFile } from './files.service.js';
import { ProviderProfileSchema, ProviderProfilesSchema, TemplatePreviewSchema, TemplateViewSchema } from './providers.schemas.js';
import { listProviderProfiles, showProviderProfile } from './providers.service.js';

const templateFileBytesMax = 64 * 1024;

/** A template file's JSON (TEMPLATE_JSON_INVALID when it is not JSON, too large or missing). */
async function readTemplateFile(path: string): Promise<unknown> {
  const invalid = (vi: string, en: string) => domainError('TEMPLATE_JSON_INVALID', 400, `Tệp mẫu ${path}: ${vi}`, `The template file ${path}: ${en}`, { path });
  try {
    if ((await stat(path)).size > templateFileBytesMax) throw invalid(`lớn hơn ${templateFileBytesMax / 1024} KB`, `is larger than ${templateFileBytesMax / 1024} KB`);
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid(`không phải JSON hợp lệ (${error.message})`, `is not valid JSON (${error.message})`);
    if (isFileMissing(error)) throw invalid('không có', 'does not exist');
    throw error;
  }
}

const provider = { kind: 'text', required: true, value: 'code', description: 'provider code, e.g. 971005 or VNPOST' } as const;

/** `asxh providers show|list` and `asxh providers template set|show|preview`: the providers' profiles and file templates. */
export const providerProfileCommands: Record<string, Command> = {
  'providers.list': command({
    cli: ['providers', 'list'],
    description: { vi: 'Các tổ chức chi trả với hồ sơ kết nối và mẫu tệp', en: 'The payment providers with their connection profile and file template' },
    database: true,
    options: {},
    result: ProviderProfilesSchema,
    run: async (ctx, actor) => ({ providers: await listProviderProfiles(ctx, actor) }),
  }),
  'providers.show': command({
    cli: ['providers', 'show'],
    description: {
      vi: 'Hồ sơ của một tổ chức chi trả: danh mục, giao thức, địa chỉ, callback, cách hỏi trạng thái, khoá (chỉ dấu vân tay và khoá công khai), mẫu tệp',
      en: 'A provider’s profile: directory entry, protocol, endpoint, callback URL, status mode, credentials (fingerprints and public key only), file template',
    },
    database: true,
    arguments: [{ name: 'code', kind: 'text', description: 'provider code' }],
    options: {},
    result: ProviderProfileSchema,
    run: (ctx, actor, args) => showProviderProfile(ctx, actor, argString(args, 'code')),
  }),
  'providers.template.set': command({
    cli: ['providers', 'template', 'set'],
    description: { vi: 'Đặt mẫu tệp CSV/XLSX của tổ chức chi trả (phiên bản mới; quản trị hệ thống)', en: 'Set a provider’s CSV/XLSX file template (a new version; system administrators)' },
    database: true,
    options: {
      provider,
      file: { kind: 'path', value: 'template.json', description: 'the template (docs/providers.md)' },
      shipped: { kind: 'text', value: 'name', description: 'a shipped template instead: generic-bank, viettel-money-chi-ho, vnpt-money, vnpost-cash-list' },
    },
    result: TemplateViewSchema,
    run: async (ctx, actor, args) => {
      const file = argOptional(args, 'file');
      const shipped = argOptional(args, 'shipped');
      return setProviderTemplate(ctx, actor, {
        providerCode: argString(args, 'provider'),
        ...(file === undefined ? {} : { template: await readTemplateFile(file) }),
        ...(shipped === undefined ? {} : { shipped }),
      });
    },
  }),
  'providers.template.show': command({
    cli: ['providers', 'template', 'show'],
    description: { vi: 'Mẫu tệp đang dùng của tổ chức chi trả', en: 'The file template a provider’s files are written with' },
    database: true,
    options: { provider },
    result: TemplateViewSchema,
    run: (ctx, actor, args) => showProviderTemplate(ctx, actor, argString(args, 'provider')),
  }),
  'providers.template.preview': command({
    cli: ['providers', 'template', 'preview'],
    description: {
      vi: 'Xem trước các dòng đầu của tệp theo mẫu: dữ liệu giả, hoặc các món đầu của đợt chi của một kỳ (--cycle)',
      en: 'Preview the first lines of a provider’s file as its template writes them: made-up data, or the first items of its batch of a cycle (--cycle)',
    },
    database: true,
    options: {
      provider,
      rows: { kind: 'text', value: 'n', description: 'how many lines (1–20, default 5)' },
      file: { kind: 'path', value: 'template.json', description: 'preview this template instead of the one in force' },
      cycle: { kind: 'text', value: 'id', description: 'the first items of the provider’s batch of this cycle (identifiers as your role sees them; recorded)' },
    },
    result: TemplatePreviewSchema,
    run: async (ctx, actor, args) => {
      const file = argOptional(args, 'file');
      const input = {
        providerCode: argString(args, 'provider'),
        rows: argInteger(args, 'rows', 5),
        ...(file === undefined ? {} : { template: await readTemplateFile(file) }),
      };
      return args.cycle === undefined ? previewProviderTemplate(ctx, actor, input) : previewBatchFile(ctx, actor, { ...input, cycleId: argInteger(args, 'cycle') });
    },
  }),
};
