/** Shapes of the campaign API (src/modules/accounts/campaign.service.ts). */

export type ProgrammeGroup = 'ALL' | 'SOCIAL' | 'NCC';

export interface ShareRow {
  unitCode: string;
  unitName: string;
  level: 'province' | 'commune';
  beneficiaries: number;
  withAccount: number;
  /** Percent with two decimals, computed on integers by the server (40.52 = 40,52 %). */
  sharePct: number;
  targetPct: number | null;
  targetPeriod: string | null;
  meetsTarget: boolean | null;
  stages: Record<string, number>;
}

export interface CampaignDashboard {
  scope: { level: 'national' | 'province' | 'commune'; provinceCode?: string; communeCode?: string };
  rows: ShareRow[];
  total: ShareRow;
}

export interface CashPerson {
  id: number;
  personalId: string;
  fullName: string;
  birthDate: string;
  phone: string | null;
  channel: string;
  stage: string | null;
  stageNote: string | null;
}
