// The pages' own words. Domain words (levels, statuses, metric groups, narrative parts, assignment statuses) are
// not here: they come from libs/core, the catalogue the server's messages and the workbook use too.
import type { Bilingual } from '@council/core/errors.js';

export const UI = {
  appName: { vi: 'HĐND Hà Nội · Nền tảng điều phối', en: 'Hanoi People’s Councils · Coordination platform' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  username: { vi: 'Tên đăng nhập', en: 'User name' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  required: { vi: 'Bắt buộc nhập', en: 'Required' },
  sessionExpired: {
    vi: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại để tiếp tục.',
    en: 'Your session has expired. Sign in again to carry on.',
  },
  sessionRefused: {
    vi: 'Tài khoản không có quyền xem trang này. Hãy đăng nhập bằng tài khoản phù hợp.',
    en: 'This account may not open that page. Sign in with an account that may.',
  },
  home: { vi: 'Trang chủ', en: 'Home' },
  reports: { vi: 'Báo cáo quý', en: 'Quarterly reports' },
  report: { vi: 'Báo cáo', en: 'Report' },
  review: { vi: 'Xét duyệt báo cáo cấp xã', en: 'Review communes’ reports' },
  // The menu's short form: the whole phrase does not fit beside its icon at 240 px.
  reviewMenu: { vi: 'Xét duyệt', en: 'Review' },
  directives: { vi: 'Chỉ đạo, nhiệm vụ', en: 'Directives' },
  statistics: { vi: 'Thống kê', en: 'Statistics' },
  admin: { vi: 'Quản trị', en: 'Administration' },
  queueDashboard: { vi: 'Hàng đợi', en: 'Queues' },
  apiExplorer: { vi: 'Khám phá API', en: 'API explorer' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  unit: { vi: 'Đơn vị', en: 'Council' },
  period: { vi: 'Kỳ báo cáo', en: 'Quarter' },
  status: { vi: 'Trạng thái', en: 'Status' },
  dueDate: { vi: 'Hạn gửi', en: 'Due' },
  late: { vi: 'Gửi muộn', en: 'Late' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  open: { vi: 'Mở', en: 'Open' },
  version: { vi: 'Phiên bản', en: 'Version' },
  lastQuarter: { vi: 'Quý trước', en: 'Last quarter' },
  planTarget: { vi: 'Chỉ tiêu năm', en: 'Year’s target' },
  saveDraft: { vi: 'Lưu nháp', en: 'Save draft' },
  submit: { vi: 'Gửi báo cáo', en: 'Submit report' },
  submitConfirmTitle: { vi: 'Gửi báo cáo quý?', en: 'Submit the quarterly report?' },
  submitConfirmBody: {
    vi: 'Sau khi gửi, báo cáo được tính vào số liệu của thành phố. Muốn sửa, bạn gửi lại một phiên bản mới.',
    en: 'Once submitted, the report counts in the city’s figures. To correct it you submit a new version.',
  },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  saved: { vi: 'Đã lưu bản nháp', en: 'Draft saved' },
  submitted: { vi: 'Đã gửi báo cáo', en: 'Report submitted' },
  unsentChanges: {
    vi: 'Có thay đổi chưa lưu lên máy chủ (đã giữ trên máy này)',
    en: 'Changes not yet on the server (kept on this computer)',
  },
  restoredLocal: {
    vi: 'Đã khôi phục nội dung bạn nhập dở trên máy này.',
    en: 'What you had typed on this computer was restored.',
  },
  offlineRetrying: {
    vi: 'Mất kết nối tới máy chủ. Đang thử gửi lại…',
    en: 'The connection to the server was lost. Retrying…',
  },
  genericError: {
    vi: 'Đã có lỗi xảy ra. Vui lòng thử lại; nếu vẫn lỗi, hãy báo cho quản trị viên.',
    en: 'Something went wrong. Try again; if it keeps failing, tell the administrator.',
  },
  returnedBanner: { vi: 'Báo cáo bị trả lại — ý kiến của HĐND cấp trên:', en: 'Report returned — the reviewing council said:' },
  findingsTitle: { vi: 'Kết quả kiểm tra', en: 'Checks' },
  errorsBlockSubmit: { vi: 'Còn lỗi phải sửa trước khi gửi', en: 'Errors to fix before submitting' },
  narrative: { vi: 'Phần tường thuật', en: 'Narrative' },
  history: { vi: 'Lịch sử phiên bản', en: 'Version history' },
  compare: { vi: 'So sánh', en: 'Compare' },
  noReportsYet: { vi: 'Chưa có báo cáo', en: 'No reports yet' },
  thisQuarter: { vi: 'Quý này', en: 'This quarter' },
  daysLeft: { vi: 'Còn {n} ngày', en: '{n} days left' },
  daysLate: { vi: 'Quá hạn {n} ngày', en: '{n} days late' },
  submittedAt: { vi: 'Gửi lúc', en: 'Submitted' },
  submittedBy: { vi: 'Người gửi', en: 'By' },
  characters: { vi: 'ký tự', en: 'characters' },
  back: { vi: 'Quay lại', en: 'Back' },
  assignments: { vi: 'Nhiệm vụ được giao', en: 'Assignments' },
  openAssignments: { vi: 'Chưa hoàn thành', en: 'Not completed' },
  notFound: { vi: 'Không tìm thấy trang', en: 'Page not found' },
  briefingScreen: { vi: 'Màn hình giao ban', en: 'Briefing screen' },
  briefingScreenHint: {
    vi: 'Số liệu trực tiếp cho máy chiếu tại hội nghị giao ban, và bản in A4.',
    en: 'Live figures for the projector at the briefing, and the A4 print.',
  },
  openBriefing: { vi: 'Mở màn hình giao ban', en: 'Open the briefing screen' },
} as const satisfies Record<string, Bilingual>;

export type UiLabel = keyof typeof UI;

/** "{n} days left" with its number put in. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
