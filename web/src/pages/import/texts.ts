import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the import wizard, Vietnamese first. */
const texts = {
  'import.title': { vi: 'Nhập danh sách đối tượng', en: 'Import beneficiaries' },
  'import.subtitle': { vi: 'Từ tệp Excel (.xlsx) hoặc CSV theo mẫu; mọi dòng được kiểm tra trước khi ghi', en: 'From an Excel (.xlsx) or CSV file in the template; every row is checked before anything is saved' },
  'step.upload': { vi: 'Tải tệp lên', en: 'Upload' },
  'step.preview': { vi: 'Kiểm tra', en: 'Check' },
  'step.confirm': { vi: 'Xác nhận', en: 'Confirm' },
  'step.result': { vi: 'Kết quả', en: 'Result' },

  'upload.drop': { vi: 'Kéo thả tệp vào đây, hoặc bấm để chọn tệp', en: 'Drop the file here, or click to choose it' },
  'upload.formats': { vi: 'Tệp .xlsx (trang tính đầu tiên) hoặc .csv (UTF-8), theo mẫu nhập danh sách', en: '.xlsx (first sheet) or .csv (UTF-8) in the import template' },
  'upload.checking': { vi: 'Đang kiểm tra tệp {name}… tệp lớn có thể mất vài phút.', en: 'Checking {name}… a large file can take a few minutes.' },
  'upload.wrongType': { vi: 'Chỉ nhận tệp .xlsx hoặc .csv', en: 'Only .xlsx or .csv files' },
  'upload.template': { vi: 'Tải mẫu trống (Excel)', en: 'Download the empty template (Excel)' },
  'upload.tipsTitle': { vi: 'Lưu ý khi chuẩn bị tệp', en: 'Before you upload' },
  'upload.tip1': {
    vi: 'Mỗi dòng là một chế độ của một người. Người hưởng hai diện thì có hai dòng cùng số định danh.',
    en: 'One row is one benefit of one person. A person with two categories has two rows with the same ID.',
  },
  'upload.tip2': {
    vi: 'Định dạng các cột số định danh, số tài khoản, số điện thoại là Văn bản (Text) để Excel không bỏ số 0 ở đầu.',
    en: 'Format the ID, account and phone columns as Text so that Excel keeps the leading zeros.',
  },
  'upload.tip3': {
    vi: 'Tải lên chưa ghi gì vào hệ thống: bạn xem kết quả kiểm tra trước, rồi mới xác nhận nhập.',
    en: 'Uploading saves nothing yet: you see the check first, then confirm.',
  },

  'preview.rows': { vi: 'Số dòng', en: 'Rows' },
  'preview.accepted': { vi: 'Hợp lệ', en: 'Valid' },
  'preview.rejected': { vi: 'Có lỗi (không nhập)', en: 'With errors (not imported)' },
  'preview.warnings': { vi: 'Cảnh báo', en: 'Warnings' },
  'preview.allGood': { vi: 'Tất cả các dòng đều hợp lệ.', en: 'Every row is valid.' },
  'preview.someRejected': {
    vi: '{rejected} dòng có lỗi sẽ không được nhập. Xem lỗi bên dưới hoặc tải báo cáo lỗi, sửa trong tệp rồi nhập lại.',
    en: '{rejected} rows with errors will not be imported. See the errors below or download the report, fix the file and import it again.',
  },
  'preview.fileRejected': {
    vi: 'Tệp không đúng mẫu (tên cột sai hoặc thiếu): không dòng nào được nhập. Hãy dùng mẫu trống.',
    en: 'The file does not follow the template (wrong or missing columns): nothing can be imported. Use the empty template.',
  },
  'preview.warningsNote': { vi: 'Dòng có cảnh báo vẫn được nhập nhưng cần cán bộ kiểm tra lại.', en: 'Rows with warnings are imported but should be checked.' },
  'preview.byCode': { vi: 'Số lỗi theo loại (bấm để lọc)', en: 'Issues by type (click to filter)' },
  'preview.truncated': { vi: 'Danh sách dưới đây chưa đủ; báo cáo Excel có đầy đủ mọi lỗi.', en: 'The list below is incomplete; the Excel report has every issue.' },
  'preview.report': { vi: 'Tải báo cáo lỗi (Excel)', en: 'Download the error report (Excel)' },
  'preview.another': { vi: 'Chọn tệp khác', en: 'Choose another file' },
  'preview.continue': { vi: 'Tiếp tục', en: 'Continue' },
  'preview.noIssues': { vi: 'Không có lỗi hay cảnh báo nào', en: 'No errors or warnings' },

  'issues.all': { vi: 'Tất cả', en: 'All' },
  'issues.errors': { vi: 'Lỗi', en: 'Errors' },
  'issues.warnings': { vi: 'Cảnh báo', en: 'Warnings' },
  'issues.code': { vi: 'Loại lỗi', en: 'Issue type' },
  'issues.row': { vi: 'Dòng Excel', en: 'Excel row' },
  'issues.severity': { vi: 'Mức', en: 'Level' },
  'issues.column': { vi: 'Cột', en: 'Column' },
  'issues.message': { vi: 'Nội dung', en: 'Message' },
  'issues.error': { vi: 'Lỗi', en: 'Error' },
  'issues.warning': { vi: 'Cảnh báo', en: 'Warning' },
  'issues.count': { vi: '{count} mục', en: '{count} items' },

  'confirm.title': { vi: 'Xác nhận nhập danh sách', en: 'Confirm the import' },
  'confirm.file': { vi: 'Tệp', en: 'File' },
  'confirm.willImport': { vi: 'Sẽ nhập', en: 'Will be imported' },
  'confirm.willSkip': { vi: 'Không nhập (có lỗi)', en: 'Not imported (errors)' },
  'confirm.rowsValue': { vi: '{count} dòng', en: '{count} rows' },
  'confirm.point1': {
    vi: 'Chỉ các dòng hợp lệ được nhập. Dòng có lỗi không được nhập: hãy sửa trong tệp và nhập lại tệp.',
    en: 'Only the valid rows are imported. Rows with errors are not: fix them in the file and import it again.',
  },
  'confirm.point2': {
    vi: 'Nhập lại cùng một tệp không tạo bản ghi trùng: các dòng đã nhập trước đó được giữ nguyên.',
    en: 'Importing the same file again creates no duplicates: rows imported before stay unchanged.',
  },
  'confirm.point3': {
    vi: 'Thay đổi tài khoản nhận tiền của người đã có trong hệ thống trở thành đề xuất chờ phê duyệt.',
    en: 'A changed payment account of a known person becomes a proposal awaiting approval.',
  },
  'confirm.back': { vi: 'Quay lại', en: 'Back' },
  'confirm.submit': { vi: 'Nhập {count} dòng hợp lệ', en: 'Import {count} valid rows' },
  'confirm.running': { vi: 'Đang ghi vào hệ thống…', en: 'Saving…' },

  'result.title': { vi: 'Đã nhập xong tệp {file}', en: '{file} imported' },
  'result.subtitle': { vi: '{accepted} dòng đã nhập, {rejected} dòng có lỗi chưa nhập.', en: '{accepted} rows imported, {rejected} rows with errors not imported.' },
  'result.personsCreated': { vi: 'Hồ sơ mới', en: 'New people' },
  'result.personsUpdated': { vi: 'Hồ sơ cập nhật', en: 'People updated' },
  'result.enrolmentsCreated': { vi: 'Chế độ mới', en: 'New benefits' },
  'result.enrolmentsUpdated': { vi: 'Chế độ cập nhật', en: 'Benefits updated' },
  'result.representativesChanged': { vi: 'Người nhận thay thay đổi', en: 'Representatives changed' },
  'result.instrumentsCreated': { vi: 'Hình thức nhận mới', en: 'New payment methods' },
  'result.proposals': { vi: 'Đề xuất đổi tài khoản', en: 'Account change proposals' },
  'result.unchanged': { vi: 'Dòng không thay đổi', en: 'Unchanged rows' },
  'result.nothingChanged': { vi: 'Tệp này đã được nhập trước đó: không có gì thay đổi.', en: 'This file was imported before: nothing changed.' },
  'result.proposalsNote': { vi: '{count} thay đổi tài khoản đang chờ phê duyệt ở mục "Tài khoản chi trả".', en: '{count} account changes await approval under "Payment accounts".' },
  'result.openAccounts': { vi: 'Mở hàng chờ phê duyệt', en: 'Open the approval queue' },
  'result.fixHint': { vi: 'Sửa các dòng lỗi trong tệp rồi nhập lại cả tệp: các dòng đã nhập sẽ không bị nhập trùng.', en: 'Fix the rows with errors and import the whole file again: rows already imported are not duplicated.' },
  'result.again': { vi: 'Nhập tệp khác', en: 'Import another file' },
  'result.toRegistry': { vi: 'Xem danh sách đối tượng', en: 'Open the beneficiary list' },
} as const satisfies Record<string, Bilingual>;

export type ImportTextKey = keyof typeof texts;
export const useImportTexts = createTexts<ImportTextKey>(texts);
