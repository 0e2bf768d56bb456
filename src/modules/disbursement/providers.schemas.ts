import { Type } from 'typebox';
import { Nullable } from '../../app/schemas.js';
import { templateDelimiters, templateEncodings, templateFields, templateFormats, templateTexts } from '../formats/index.js';
import { EndpointView } from './disbursement.schemas.js';

/** Schemas of the providers' profiles and file templates (commands and routes). */
const Str = Type.String();
const NullableStr = Nullable(Type.String());
const literals = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...values] }));

export const TemplateColumnSchema = Type.Object({
  header: Type.String({ maxLength: 100 }),
  field: literals(templateFields),
  format: Type.Optional(Type.String({ description: 'amountVnd: plain | dot-thousands; date: dd/MM/yyyy | yyyy-MM-dd; month: MM/yyyy | yyyy-MM' })),
});

export const FileTemplateSchema = Type.Object({
  name: Str,
  format: literals(templateFormats),
  encoding: literals(templateEncodings),
  delimiter: literals(templateDelimiters),
  header: Type.Boolean(),
  text: literals(templateTexts),
  columns: Type.Array(TemplateColumnSchema),
  totalRow: Type.Boolean(),
  sheetName: Str,
  note: Type.Optional(Str),
});

const TemplateSource = Type.Union([Type.Literal('provider'), Type.Literal('shipped')]);

export const TemplateViewSchema = Type.Object({
  providerCode: Str,
  source: TemplateSource,
  name: Str,
  /** 0 for a shipped template. */
  version: Type.Integer(),
  template: FileTemplateSchema,
  createdBy: NullableStr,
  createdAt: NullableStr,
});

export const TemplatePreviewSchema = Type.Object({
  providerCode: Str,
  name: Str,
  /** Null for a draft not saved. */
  version: Nullable(Type.Integer()),
  format: literals(templateFormats),
  header: Nullable(Type.Array(Str)),
  rows: Type.Array(Type.Array(Str)),
  total: Nullable(Type.Array(Str)),
  csv: NullableStr,
});

export const ProviderProfileSchema = Type.Object({
  providerCode: Str,
  providerKind: Str,
  shortName: Str,
  name: Str,
  endpoint: Nullable(EndpointView),
  callbackUrl: NullableStr,
  template: Type.Object({ source: TemplateSource, name: Str, version: Type.Integer() }),
});

export const ProviderProfilesSchema = Type.Object({ providers: Type.Array(ProviderProfileSchema) });
