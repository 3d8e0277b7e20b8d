// Kept apart from unit-history.ts so the web app's bundle takes the words without the history's code.
import type { Bilingual } from '../errors.js';
import type { LinkDerivation, ReorganisationLink } from './unit-history.js';

/** How a link is known, as people read it (the web app's reorganisation page, the workbook one day). */
export const LINK_DERIVATION_LABELS: Record<LinkDerivation, Bilingual> = {
  'source-file': { vi: 'Tệp dữ liệu sắp xếp', en: 'Reorganisation data file' },
  'name-contains-predecessor': { vi: 'Suy ra: tên mới chứa tên đơn vị cũ', en: 'Derived: the new name contains the old one' },
  'name-joins-predecessor-syllables': { vi: 'Suy ra: tên mới ghép từ tên đơn vị cũ', en: 'Derived: the new name joins the old names' },
  administrator: { vi: 'Quản trị viên ghi nhận', en: 'Recorded by an administrator' },
};

/** Whether all of the old unit went in, or part of it. */
export const LINK_SHARE_LABELS: Record<ReorganisationLink['share'], Bilingual> = {
  full: { vi: 'Toàn bộ', en: 'Whole' },
  partial: { vi: 'Một phần', en: 'Part' },
};
