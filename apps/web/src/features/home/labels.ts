// The home page's words. Shared words (status, due date, open…) come from shared/labels.ts.
export const HOME = {
  newAssignments: { vi: 'Nhiệm vụ mới chưa tiếp nhận', en: 'New assignments to acknowledge' },
  noNewAssignments: { vi: 'Không có nhiệm vụ mới.', en: 'No new assignments.' },
  communesQuarter: { vi: 'Báo cáo của cấp xã', en: 'The communes’ reports' },
  missing: { vi: 'Chưa gửi', en: 'Not submitted' },
  waiting: { vi: 'Chờ xét duyệt', en: 'Waiting for review' },
  review: { vi: 'Xét duyệt', en: 'Review' },
  cityQuarter: { vi: 'Tình hình gửi báo cáo', en: 'Reporting so far' },
  districts: { vi: 'Cấp huyện', en: 'Districts' },
  communes: { vi: 'Cấp xã', en: 'Communes' },
  submittedOf: { vi: '{submitted}/{expected} đã gửi', en: '{submitted} of {expected} submitted' },
  seeMissing: { vi: 'Xem đơn vị chưa gửi', en: 'See who has not reported' },
  overdueDirectives: { vi: 'Chỉ đạo quá hạn', en: 'Overdue directives' },
  noOverdueDirectives: { vi: 'Không có chỉ đạo quá hạn.', en: 'No overdue directives.' },
  overdueUnits: { vi: '{n} đơn vị quá hạn', en: '{n} units overdue' },
  viewerWelcome: {
    vi: 'Tài khoản xem số liệu tổng hợp tại hội nghị giao ban.',
    en: 'This account views the summaries shown at briefing meetings.',
  },
} as const;
