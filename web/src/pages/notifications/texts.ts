import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the SMS outbox and the payment news wording, Vietnamese first. */
const texts = {
  'sms.title': { vi: 'Tin nhắn cho người hưởng', en: 'Messages to beneficiaries' },
  'sms.subtitle': {
    vi: 'Tin nhắn đã gửi và đang chờ gửi của địa bàn: đã đến máy người nhận hay chưa. Tin báo chi trả chỉ ghi 4 số cuối tài khoản, không bao giờ ghi số định danh.',
    en: 'The messages of your area, sent and waiting: delivered or not. Payment news shows only the last 4 digits of an account, never a personal ID.',
  },
  'sms.unit': { vi: 'Mã tỉnh/xã', en: 'Province/commune code' },
  'sms.status': { vi: 'Trạng thái gửi', en: 'Sending' },
  'sms.delivery': { vi: 'Đến máy', en: 'Delivery' },
  'sms.all': { vi: 'Tất cả', en: 'All' },
  'sms.time': { vi: 'Thời điểm', en: 'Time' },
  'sms.kind': { vi: 'Loại tin', en: 'Kind' },
  'sms.phone': { vi: 'Số điện thoại', en: 'Phone' },
  'sms.text': { vi: 'Nội dung', en: 'Text' },
  'sms.none': { vi: 'Chưa có tin nhắn nào', en: 'No message yet' },
  'sms.delivery.NONE': { vi: 'Chưa có báo cáo', en: 'No report yet' },
  'sms.segments': { vi: '{segments} tin', en: '{segments} SMS' },
  'sms.templates': { vi: 'Mẫu tin nhắn chi trả của tỉnh', en: 'Payment news wording of the province' },
  'sms.templatesHelp': {
    vi: 'Biến: {thang} {so_tien} {kenh} {to_chuc} {tk} {ngay} {gio} {dia_diem} {ly_do} {tiep_theo}. Tối đa 2 tin với giá trị dài nhất; không ghi số định danh hay số tài khoản.',
    en: 'Variables: {thang} {so_tien} {kenh} {to_chuc} {tk} {ngay} {gio} {dia_diem} {ly_do} {tiep_theo}. At most 2 SMS with the longest values; never a personal ID or account number.',
  },
  'sms.source.PROVINCE': { vi: 'Mẫu của tỉnh', en: 'Province’s wording' },
  'sms.source.NATIONAL': { vi: 'Mẫu toàn quốc', en: 'National wording' },
  'sms.source.DEFAULT': { vi: 'Mẫu mặc định', en: 'Default wording' },
  'sms.sample': { vi: 'Ví dụ (giá trị dài nhất)', en: 'Example (longest values)' },
  'sms.save': { vi: 'Lưu mẫu', en: 'Save wording' },
  'sms.reset': { vi: 'Dùng mẫu chung', en: 'Use the common wording' },
  'sms.saved': { vi: 'Đã lưu mẫu tin nhắn', en: 'Wording saved' },
} as const satisfies Record<string, Bilingual>;

export type SmsTextKey = keyof typeof texts;
export const useSmsTexts = createTexts<SmsTextKey>(texts);
