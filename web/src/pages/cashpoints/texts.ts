import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the payment points and home-delivery rounds page, Vietnamese first. */
const texts = {
  'cash.title': { vi: 'Điểm chi trả, chi trả tại nhà', en: 'Payment points and home delivery' },
  'cash.subtitle': {
    vi: 'Nơi, giờ và người chi tiền mặt của xã; ngày chi của từng kỳ (người hưởng nhận tin nhắn ngày, giờ, địa điểm); các đợt chi tại nhà; danh sách chi có cột ký nhận.',
    en: 'Where, when and by whom cash is paid in the commune; each cycle’s dates (beneficiaries get an SMS with date, hours and place); home-delivery rounds; cash lists with a signature column.',
  },
  'cash.cycle': { vi: 'Kỳ chi trả', en: 'Payment cycle' },
  'cash.points': { vi: 'Điểm chi trả', en: 'Payment points' },
  'cash.name': { vi: 'Tên điểm', en: 'Name' },
  'cash.address': { vi: 'Địa chỉ', en: 'Address' },
  'cash.hours': { vi: 'Giờ chi trả', en: 'Hours' },
  'cash.agent': { vi: 'Nhân viên chi trả', en: 'Agent' },
  'cash.provider': { vi: 'Tổ chức', en: 'Provider' },
  'cash.villages': { vi: 'Thôn, tổ phục vụ', en: 'Villages served' },
  'cash.villagesHelp': { vi: 'Cách nhau bằng dấu phẩy; để trống: toàn xã', en: 'Comma-separated; empty: the whole commune' },
  'cash.wholeCommune': { vi: 'Toàn xã', en: 'Whole commune' },
  'cash.dates': { vi: 'Ngày chi của kỳ', en: 'Dates of the cycle' },
  'cash.noDates': { vi: 'Chưa đặt lịch', en: 'Not scheduled' },
  'cash.date': { vi: 'Ngày (dd/mm/yyyy)', en: 'Date (dd/mm/yyyy)' },
  'cash.schedule': { vi: 'Đặt ngày chi', en: 'Set date' },
  'cash.scheduled': { vi: 'Đã đặt ngày chi; {notices} tin nhắn được gửi', en: 'Date set; {notices} SMS queued' },
  'cash.list': { vi: 'Danh sách chi (Excel)', en: 'Cash list (Excel)' },
  'cash.addPoint': { vi: 'Thêm hoặc sửa điểm chi trả', en: 'Add or update a payment point' },
  'cash.save': { vi: 'Lưu', en: 'Save' },
  'cash.saved': { vi: 'Đã lưu điểm chi trả', en: 'Payment point saved' },
  'cash.rounds': { vi: 'Đợt chi trả tại nhà của kỳ', en: 'Home-delivery rounds of the cycle' },
  'cash.addRound': { vi: 'Thêm đợt chi tại nhà', en: 'Add a home-delivery round' },
  'cash.roundAdded': { vi: 'Đã thêm đợt chi tại nhà: {people} người', en: 'Round added: {people} people' },
  'cash.chooseCycle': { vi: 'Chưa có kỳ chi trả đã cấp kinh phí ở địa bàn này: ngày chi, đợt chi tại nhà và danh sách chi có khi danh sách tháng được cấp kinh phí.', en: 'No funded payment cycle in this locality yet: dates, home rounds and cash lists come once a month\'s list is funded.' },
  'cash.none': { vi: 'Chưa có điểm chi trả', en: 'No payment point yet' },
  'cash.noRounds': { vi: 'Chưa có đợt chi tại nhà', en: 'No home-delivery round yet' },
} as const satisfies Record<string, Bilingual>;

export type CashTextKey = keyof typeof texts;
export const useCashTexts = createTexts<CashTextKey>(texts);
