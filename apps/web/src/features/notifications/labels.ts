// The notification centre's words. The notifications' own words come from the server (libs/core's catalogue).
export const NOTIFY = {
  bell: { vi: 'Thông báo', en: 'Notifications' },
  bellUnread: { vi: '{n} thông báo chưa đọc', en: '{n} unread notifications' },
  title: { vi: 'Thông báo', en: 'Notifications' },
  unreadOnly: { vi: 'Chỉ hiện chưa đọc', en: 'Unread only' },
  markAllRead: { vi: 'Đánh dấu tất cả đã đọc', en: 'Mark all read' },
  markRead: { vi: 'Đánh dấu đã đọc', en: 'Mark read' },
  unread: { vi: 'Mới', en: 'New' },
  none: { vi: 'Không có thông báo.', en: 'No notifications.' },
  more: { vi: 'Xem thêm', en: 'Show more' },
  preferences: { vi: 'Nhận thông báo', en: 'Preferences' },
  preferencesHint: {
    vi: 'Chọn loại thông báo muốn nhận trong ứng dụng và qua thư điện tử (khi hệ thống gửi thư và tài khoản có địa chỉ thư).',
    en: 'Choose which kinds come in the app and by email (when the platform sends mail and the account has an address).',
  },
  kind: { vi: 'Loại thông báo', en: 'Kind' },
  inApp: { vi: 'Trong ứng dụng', en: 'In the app' },
  email: { vi: 'Thư điện tử', en: 'Email' },
  save: { vi: 'Lưu lựa chọn', en: 'Save' },
  saved: { vi: 'Đã lưu lựa chọn nhận thông báo.', en: 'Preferences saved.' },
};
