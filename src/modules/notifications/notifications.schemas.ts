import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const NotificationView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'PAYMENT_CREDITED, PAYMENT_FAILED, PAYMENT_CASH_SCHEDULE, PAYMENT_CASH_PAID, INSTRUMENT_CHANGED, SELF_SERVICE_CODE …' }),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('SENT'), Type.Literal('FAILED')]),
  delivery: Nullable(Type.Union([Type.Literal('DELIVERED'), Type.Literal('UNDELIVERED')])),
  text: Type.String({ description: 'as the gateway sends it (without diacritics when ASXH_SMS_ASCII=1)' }),
  segments: Type.Integer(),
  phone: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
});

export const TemplateView = Type.Object({
  kind: Type.String(),
  purpose: Type.String(),
  text: Type.String(),
  source: Type.Union([Type.Literal('PROVINCE'), Type.Literal('NATIONAL'), Type.Literal('DEFAULT')]),
  sample: Type.String({ description: 'the wording with the longest values, as sent' }),
  segments: Type.Integer(),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});

export const OptOutResult = Type.Object({ optedOut: Type.Boolean(), changed: Type.Boolean() });
