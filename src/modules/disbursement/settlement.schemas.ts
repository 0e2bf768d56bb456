import { Type } from 'typebox';
import { Money } from '../../app/schemas.js';

export const Settlement = Type.Object({
  cycleId: Type.Integer(),
  status: Type.String(),
  fundedVnd: Money({ description: 'What the Treasury funded' }),
  dispatchedVnd: Money({ description: 'Handed to the providers' }),
  paidVnd: Money({ description: 'Reached the beneficiaries (payouts less returns)' }),
  refundedVnd: Money({ description: 'Given back by the providers (failed and returned payments)' }),
  atProvidersVnd: Money({ description: 'Still held by the providers: 0 for a settlement that balances' }),
  heldVnd: Money({ description: 'What the paying agency’s fund holds now' }),
  returnedToTreasuryVnd: Money({ description: 'What goes (or went, once closed) back to the Treasury' }),
  carriedOver: Type.Object({ items: Type.Integer({ minimum: 0 }), amountVnd: Money({ description: 'Owed again next month, funded again with its list' }) }),
  feesVnd: Money({ description: 'Service fees with VAT, paid by the agency on top, outside the fund' }),
  balances: Type.Boolean(),
  problems: Type.Array(Type.String(), { description: 'NOT_RECONCILED, PROVIDERS_HOLD_MONEY, FUND_NEGATIVE, FUNDED_NOT_PAID_OR_RETURNED, LEDGER_DISAGREES_WITH_ITEMS' }),
});

export const SettlementClosed = Type.Object({ ...Settlement.properties, changed: Type.Boolean({ description: 'false: the cycle was already closed' }) });
