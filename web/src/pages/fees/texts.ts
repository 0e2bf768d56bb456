import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the payment service fees (phí dịch vụ chi trả), Vietnamese first. */
const texts = {
  'fees.title': { vi: 'Phí dịch vụ chi trả', en: 'Payment service fees' },
  'fees.subtitle': {
    vi: 'Biểu phí theo tổ chức chi trả và hình thức, áp dụng từ một ngày. Phí do cơ quan chi trả trả cho tổ chức, không trừ vào tiền đối tượng nhận.',
    en: 'Fee schedules per provider and channel, in force from a date. The paying agency pays the fee to the provider; it is never deducted from what beneficiaries receive.',
  },
  'fees.rule': {
    vi: 'Phí mỗi món = tỷ lệ % × số tiền + phí cố định, giữ trong khoảng tối thiểu – tối đa, cộng thuế GTGT; mỗi phép nhân làm tròn đến đồng (từ 0,5 đồng làm tròn lên). Kỳ chi trả áp dụng biểu phí có hiệu lực ngày 01 của tháng chi trả; biểu phí riêng của tỉnh được ưu tiên hơn biểu phí toàn quốc.',
    en: 'Fee per payment = rate × amount + fixed part, held between the minimum and the maximum, plus VAT; each product rounded to the đồng (half up). A cycle is priced by the schedules in force on the 1st of its month; a province’s own schedule comes before the national one.',
  },
  'fees.add': { vi: 'Thêm biểu phí', en: 'Add a schedule' },
  'fees.provider': { vi: 'Tổ chức chi trả', en: 'Provider' },
  'fees.channel': { vi: 'Hình thức', en: 'Channel' },
  'fees.locality': { vi: 'Phạm vi', en: 'Applies to' },
  'fees.national': { vi: 'Toàn quốc', en: 'National' },
  'fees.province': { vi: 'Tỉnh {code}', en: 'Province {code}' },
  'fees.provinceCode': { vi: 'Mã tỉnh (để trống: toàn quốc)', en: 'Province code (empty: national)' },
  'fees.validFrom': { vi: 'Áp dụng từ ngày', en: 'In force from' },
  'fees.pct': { vi: 'Tỷ lệ (%)', en: 'Rate (%)' },
  'fees.fixed': { vi: 'Phí cố định / món', en: 'Fixed per payment' },
  'fees.min': { vi: 'Tối thiểu / món', en: 'Minimum per payment' },
  'fees.max': { vi: 'Tối đa / món', en: 'Maximum per payment' },
  'fees.noMax': { vi: 'Không giới hạn', en: 'No maximum' },
  'fees.vat': { vi: 'Thuế GTGT (%)', en: 'VAT (%)' },
  'fees.setBy': { vi: 'Người đặt', en: 'Set by' },
  'fees.replace': { vi: 'Thay thế biểu phí đã đặt cho ngày này', en: 'Replace the schedule already set for this day' },
  'fees.save': { vi: 'Lưu biểu phí', en: 'Save schedule' },
  'fees.saved': { vi: 'Đã lưu biểu phí', en: 'Schedule saved' },
  'fees.unchanged': { vi: 'Biểu phí này đã có, không thay đổi gì', en: 'This schedule was already set: nothing changed' },
  'fees.required': { vi: 'Bắt buộc', en: 'Required' },
  'fees.pctInvalid': { vi: 'Từ 0 đến 100, tối đa 4 chữ số thập phân (ví dụ 0,05)', en: '0 to 100, at most 4 decimals (e.g. 0.05)' },
  'fees.amountInvalid': { vi: 'Số đồng nguyên', en: 'Whole đồng' },
  'fees.none': { vi: 'Chưa có biểu phí nào', en: 'No fee schedule yet' },
  // the cycle's fees, on the summary the approver and the Treasury see
  'cycleFees.title': { vi: 'Phí dịch vụ chi trả (không trừ vào tiền đối tượng nhận)', en: 'Payment service fees (not deducted from what beneficiaries receive)' },
  'cycleFees.help': {
    vi: 'Tính cho từng món chi theo biểu phí có hiệu lực ngày {date}. {basis}',
    en: 'Computed per payment with the schedules in force on {date}. {basis}',
  },
  'cycleFees.basis.lines': { vi: 'Chưa lập đợt chi: các món chi được gộp như khi lập đợt.', en: 'No batches yet: payments grouped as the batches will group them.' },
  'cycleFees.basis.items': { vi: 'Theo các món chi của các đợt chi (món chi thất bại không tính phí).', en: 'Per item of the batches (a failed payment earns no fee).' },
  'cycleFees.payments': { vi: 'Số món chi', en: 'Payments' },
  'cycleFees.amount': { vi: 'Số tiền chi trả', en: 'Amount paid' },
  'cycleFees.vat': { vi: 'Thuế GTGT', en: 'VAT' },
  'cycleFees.fee': { vi: 'Phí (gồm thuế)', en: 'Fee (with VAT)' },
  'cycleFees.total': { vi: 'Tổng phí', en: 'Total fees' },
  'cycleFees.unpriced': { vi: '{count} món chi chưa có biểu phí (chưa tính phí)', en: '{count} payments without a fee schedule (no fee counted)' },
  'cycleFees.batches': { vi: 'Theo đợt chi', en: 'Per batch' },
  'cycleFees.batch': { vi: 'Đợt chi', en: 'Batch' },
} as const satisfies Record<string, Bilingual>;

export type FeesTextKey = keyof typeof texts;
export const useFeesTexts = createTexts<FeesTextKey>(texts);
