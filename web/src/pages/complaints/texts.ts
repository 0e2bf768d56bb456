import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** The kinds, outcomes and statuses of complaints as words (shared by the officer's page and the public page): the server's tables (src/modules/formats/labels.ts). */
export {
  complaintKindNames as kindNames,
  complaintOutcomeNames as outcomeNames,
  complaintStatusNames as statusNames,
} from '../../../../src/modules/formats/labels';

/** Interface text of the complaints page (khiếu nại, kiến nghị), Vietnamese first. */
const texts = {
  'complaints.title': { vi: 'Khiếu nại, kiến nghị', en: 'Complaints and requests' },
  'complaints.subtitle': {
    vi: 'Khiếu nại, kiến nghị của người hưởng (do cán bộ ghi nhận hoặc người hưởng tự gửi từ trang tra cứu), giao cán bộ xử lý và trả lời trong thời hạn của tỉnh (ngày làm việc).',
    en: 'Complaints and requests of beneficiaries (recorded by an officer or sent by the person from the public page), assigned and answered within the province’s deadline (working days).',
  },
  'complaints.overdueOnly': { vi: 'Chỉ quá hạn', en: 'Overdue only' },
  'complaints.status': { vi: 'Trạng thái', en: 'Status' },
  'complaints.allStatuses': { vi: 'Mọi trạng thái', en: 'All statuses' },
  'complaints.file': { vi: 'Ghi nhận khiếu nại thay người hưởng', en: 'Record a complaint on a beneficiary’s behalf' },
  'complaints.personalId': { vi: 'Số định danh người hưởng', en: 'Beneficiary’s personal ID' },
  'complaints.personalIdInvalid': { vi: 'Số định danh gồm 12 chữ số', en: 'The personal ID has 12 digits' },
  'complaints.kind': { vi: 'Loại', en: 'Kind' },
  'complaints.cycle': { vi: 'Kỳ chi trả liên quan', en: 'Payment cycle concerned' },
  'complaints.anyCycle': { vi: 'Không gắn với kỳ nào', en: 'No particular cycle' },
  'complaints.text': { vi: 'Nội dung', en: 'Text' },
  'complaints.required': { vi: 'Bắt buộc', en: 'Required' },
  'complaints.submit': { vi: 'Ghi nhận', en: 'Record' },
  'complaints.filed': { vi: 'Đã ghi nhận khiếu nại số {id}, hạn trả lời {due}', en: 'Complaint no. {id} recorded, answer due {due}' },
  'complaints.alreadyFiled': { vi: 'Khiếu nại này đã được ghi nhận (số {id})', en: 'This complaint was already recorded (no. {id})' },
  'complaints.id': { vi: 'Số', en: 'No.' },
  'complaints.person': { vi: 'Người hưởng', en: 'Beneficiary' },
  'complaints.source': { vi: 'Nguồn', en: 'Source' },
  'complaints.source.OFFICER': { vi: 'Cán bộ ghi nhận', en: 'Recorded by an officer' },
  'complaints.source.SELF_SERVICE': { vi: 'Người hưởng tự gửi', en: 'Sent by the person' },
  'complaints.filedAt': { vi: 'Ngày nhận', en: 'Received' },
  'complaints.due': { vi: 'Hạn trả lời', en: 'Answer due' },
  'complaints.overdue': { vi: 'Quá hạn', en: 'Overdue' },
  'complaints.assignedTo': { vi: 'Cán bộ xử lý', en: 'Handled by' },
  'complaints.outcome': { vi: 'Kết quả', en: 'Outcome' },
  'complaints.hidden': { vi: '(nội dung chỉ cán bộ xử lý được xem)', en: '(text visible to handling officers only)' },
  'complaints.actions': { vi: 'Thao tác', en: 'Actions' },
  'complaints.assign': { vi: 'Giao xử lý', en: 'Assign' },
  'complaints.assignTo': { vi: 'Tên đăng nhập của cán bộ xử lý', en: 'Username of the officer' },
  'complaints.assigned': { vi: 'Đã giao cho {user}', en: 'Assigned to {user}' },
  'complaints.resolve': { vi: 'Giải quyết', en: 'Resolve' },
  'complaints.resolveTitle': { vi: 'Giải quyết khiếu nại số {id}', en: 'Resolve complaint no. {id}' },
  'complaints.answer': { vi: 'Nội dung trả lời', en: 'Answer given' },
  'complaints.resolved': { vi: 'Đã giải quyết', en: 'Resolved' },
  'complaints.none': { vi: 'Không có khiếu nại, kiến nghị', en: 'No complaints' },
  'complaints.cancel': { vi: 'Huỷ', en: 'Cancel' },
} as const satisfies Record<string, Bilingual>;

export type ComplaintsTextKey = keyof typeof texts;
export const useComplaintsTexts = createTexts<ComplaintsTextKey>(texts);
