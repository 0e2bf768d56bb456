import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { listNotifications, listTemplates, setPersonOptOut, setTemplate } from './notices.service.js';
import { NotificationView, OptOutResult, TemplateView } from './notifications.schemas.js';

/** The SMS a person received, the outbox of a unit, the payment news wording, opt-outs. */
export const notificationCommands: Record<string, Command> = {
  'notifications.list': command({
    cli: ['notifications', 'list'],
    description: { vi: 'Tin nhắn đã gửi cho một người hoặc của một đơn vị (trạng thái gửi, đã đến máy)', en: 'SMS of a person or a unit: sent, delivered' },
    database: true,
    options: {
      person: { kind: 'text', value: 'personalId', description: 'the person’s 12-digit personal ID' },
      unit: { kind: 'text', value: 'code', description: 'province (2 digits) or commune (5 digits)' },
      status: { kind: 'text', value: 'status', description: 'PENDING, SENT or FAILED' },
      delivery: { kind: 'text', value: 'delivery', description: 'DELIVERED, UNDELIVERED or NONE' },
      kind: { kind: 'text', value: 'kind', description: 'PAYMENT_CREDITED, PAYMENT_FAILED, PAYMENT_CASH_SCHEDULE, PAYMENT_CASH_PAID …' },
      before: { kind: 'text', value: 'id', description: 'older than this message id (paging)' },
      limit: { kind: 'text', value: 'n', description: 'at most this many (default 100)' },
    },
    result: Type.Array(NotificationView),
    async run(ctx, actor, args) {
      return listNotifications(ctx, actor, {
        personalId: argOptional(args, 'person'), unitCode: argOptional(args, 'unit'), status: argOptional(args, 'status'), delivery: argOptional(args, 'delivery'),
        kind: argOptional(args, 'kind'), beforeId: args.before === undefined ? undefined : argInteger(args, 'before'), limit: args.limit === undefined ? undefined : argInteger(args, 'limit'),
      });
    },
  }),
  'notifications.templates': command({
    cli: ['notifications', 'templates'],
    description: { vi: 'Mẫu tin nhắn chi trả đang áp dụng cho tỉnh', en: 'The payment news wording in force for a province' },
    database: true,
    options: { province: { kind: 'text', value: 'code', description: 'province (2 digits); nationally: the national wording' } },
    result: Type.Array(TemplateView),
    async run(ctx, actor, args) {
      return listTemplates(ctx, actor, { provinceCode: argOptional(args, 'province') });
    },
  }),
  'notifications.template.set': command({
    cli: ['notifications', 'template', 'set'],
    description: { vi: 'Đặt mẫu tin nhắn chi trả của tỉnh (tối đa 2 tin)', en: 'Set the province’s wording of a payment message (at most 2 SMS)' },
    database: true,
    options: {
      kind: { kind: 'text', required: true, value: 'kind', description: 'PAYMENT_CREDITED, PAYMENT_FAILED, PAYMENT_CASH_SCHEDULE or PAYMENT_CASH_PAID' },
      province: { kind: 'text', value: 'code', description: 'province (2 digits); omitted nationally: the national wording' },
      text: { kind: 'text', value: 'text', description: 'the wording with {thang} {so_tien} {kenh} {to_chuc} {tk} {ngay} {gio} {dia_diem} {ly_do} {tiep_theo}' },
      reset: { kind: 'flag', description: 'back to the wording above (national, or the default)' },
    },
    result: TemplateView,
    async run(ctx, actor, args) {
      return setTemplate(ctx, actor, { kind: argString(args, 'kind'), provinceCode: argOptional(args, 'province'), text: args.reset === true ? null : argString(args, 'text') });
    },
  }),
  'notifications.optout': command({
    cli: ['notifications', 'opt-out'],
    description: { vi: 'Người hưởng không nhận (hoặc nhận lại) tin nhắn chi trả', en: 'A person stops (or resumes) receiving payment SMS' },
    database: true,
    options: {
      id: { kind: 'text', required: true, value: 'personalId', description: 'the person’s 12-digit personal ID' },
      undo: { kind: 'flag', description: 'receive payment SMS again' },
      reason: { kind: 'text', value: 'text', description: 'why (at most 300 characters)' },
    },
    result: OptOutResult,
    async run(ctx, actor, args) {
      return setPersonOptOut(ctx, actor, { personalId: argString(args, 'id'), optOut: args.undo !== true, reason: argOptional(args, 'reason') });
    },
  }),
};
