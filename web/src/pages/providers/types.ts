/** GET /api/v1/provider-profiles (disbursement/providers.schemas.ts). No credential ever comes back. */
export interface EndpointView {
  providerCode: string;
  kind: 'BANK_H2H' | 'G2P' | 'POSTAL';
  baseUrl: string;
  hasSecret: true;
  secretFingerprint: string;
  hasBearerToken: boolean;
  bearerTokenFingerprint: string | null;
  signingPublicKey: string | null;
  providerPublicKey: string | null;
  statusMode: 'ASYNC' | 'SYNC';
  callbackBaseUrl: string | null;
  defaultCallbackBaseUrl: string | null;
  updatedBy: string;
}

export interface ProviderProfile {
  providerCode: string;
  providerKind: string;
  shortName: string;
  name: string;
  endpoint: EndpointView | null;
  callbackUrl: string | null;
  template: { source: 'provider' | 'shipped'; name: string; version: number };
}

export const templateFields = [
  'rowNumber', 'endToEndId', 'accountNumber', 'phone', 'beneficiaryName', 'fullName', 'personalId', 'bin', 'bankName',
  'amountVnd', 'description', 'month', 'date', 'communeCode', 'representativeName', 'blank',
] as const;
export type TemplateField = (typeof templateFields)[number];

/** The formats a field may take (formats/file-template.ts fieldFormats); the first is the default. */
export const fieldFormats: Partial<Record<TemplateField, readonly string[]>> = {
  amountVnd: ['plain', 'dot-thousands'],
  date: ['dd/MM/yyyy', 'yyyy-MM-dd'],
  month: ['MM/yyyy', 'yyyy-MM'],
};

export interface TemplateColumn {
  header: string;
  field: TemplateField;
  format?: string;
}

export interface FileTemplate {
  name: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'utf-8-bom';
  delimiter: ',' | ';' | '\t' | '|';
  header: boolean;
  text: 'bank-ascii' | 'utf8';
  columns: TemplateColumn[];
  totalRow: boolean;
  sheetName: string;
  note?: string;
}

/** GET /api/v1/providers/:code/template */
export interface TemplateView {
  providerCode: string;
  source: 'provider' | 'shipped';
  name: string;
  version: number;
  template: FileTemplate;
  createdBy: string | null;
  createdAt: string | null;
}

/** POST /api/v1/providers/:code/template/preview */
export interface TemplatePreview {
  providerCode: string;
  name: string;
  version: number | null;
  format: 'csv' | 'xlsx';
  header: string[] | null;
  rows: string[][];
  total: string[] | null;
  csv: string | null;
}

export const shippedTemplateNames = ['generic-bank', 'viettel-money-chi-ho', 'vnpt-money', 'vnpost-cash-list'] as const;
