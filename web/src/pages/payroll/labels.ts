import type { CycleStatus } from './types';

/**
 * Names of the codes the payroll and disbursement APIs return, in the words of the monthly lists
 * officers print and sign: the server's own tables (src/modules/formats/labels.ts, the words of its
 * XLSX and PDF files too), and the colours of their tags here. Unknown codes are shown as they are
 * (labelOf).
 */
export {
  approverWarningNames as warningNames,
  changeKindNames,
  changeReasonLabel,
  changeReasonNames,
  cycleStatusNames,
  lineComponentNames as componentNames,
  oneOffBatchStatusNames,
} from '../../../../src/modules/formats/labels';

/** The same names as the registry's (one table each). */
export { categoryNames, channelNames, programmeNames, qualityFlagNames, statusReasonNames } from '../common/codes';

export const cycleStatusColors: Record<CycleStatus, string> = {
  DRAFT: 'default',
  SUBMITTED: 'processing',
  APPROVED: 'cyan',
  FUNDED: 'geekblue',
  DISBURSING: 'gold',
  RECONCILED: 'success',
  CLOSED: 'purple',
};

export const componentColors: Record<string, string> = {
  MONTHLY: 'blue',
  ARREARS: 'orange',
  FUNERAL: 'default',
  ONE_OFF: 'green',
  CARRY_OVER: 'gold',
  RECOVERY: 'red',
};

export const cashlessChannels: readonly string[] = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];

export const changeKindColors: Record<string, string> = {
  NEW: 'green',
  CONTINUING: 'cyan',
  STOPPED: 'red',
  AMOUNT_CHANGED: 'blue',
  ACCOUNT_CHANGED: 'purple',
};
