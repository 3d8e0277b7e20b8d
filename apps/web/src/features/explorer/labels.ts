// The API explorer's own words. GraphiQL's own interface is in English only: it has no catalogue to translate.
import type { Bilingual } from '@council/core/errors.js';

export const X = {
  intro: {
    vi: 'Thử các truy vấn GraphQL trên API của nền tảng, bằng quyền của tài khoản đang đăng nhập.',
    en: 'Try GraphQL queries on the platform’s APIs, with the rights of the account signed in.',
  },
  api: { vi: 'API', en: 'API' },
  cityApi: { vi: 'city-api (thống kê, chỉ đạo, giao ban)', en: 'city-api (statistics, directives, briefings)' },
  districtApi: { vi: 'district-api (báo cáo, xét duyệt, nhiệm vụ)', en: 'district-api (reports, review, assignments)' },
  tokenApplied: {
    vi: 'Mỗi truy vấn mang mã đăng nhập của bạn (Authorization).',
    en: 'Each request carries your sign-in token (Authorization).',
  },
} satisfies Record<string, Bilingual>;
