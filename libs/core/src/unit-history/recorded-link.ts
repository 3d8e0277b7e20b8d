import { ConflictError, InvalidInputError } from '../errors.js';
import { dayBefore, vietnameseDateText } from '../period.js';
import type { ReorganisationLink, UnitHistory } from './unit-history.js';

export interface LinkInput {
  /** The day the reorganisation took effect (one of the history's events). */
  effectiveFrom: string;
  /** The old unit's code, as it was the day before. */
  fromCode: string;
  /** The new unit's code, as it was on the day. */
  toCode: string;
  share: 'full' | 'partial';
}

/**
 * A link an administrator records where no file gives it (the 2025-01-01 successors the names do
 * not show), checked against the history: the old unit ended that day, the new one existed that day,
 * and the link contradicts none already known. The caller stores and audits it.
 */
export function recordedLink(history: UnitHistory, input: LinkInput): ReorganisationLink {
  const event = history.events.find((e) => e.effectiveFrom === input.effectiveFrom);
  if (!event) {
    throw new InvalidInputError('effectiveFrom', {
      vi: `Không có đợt sắp xếp đơn vị hành chính nào có hiệu lực ngày ${input.effectiveFrom}`,
      en: `No reorganisation took effect on ${input.effectiveFrom}`,
    });
  }
  const day = event.effectiveFrom;
  const from = history.unitAt(input.fromCode, dayBefore(day));
  if (!from || from.to !== day || history.units.find((u) => u.key === from.unitKey)!.versions.some((v) => v.from >= day)) {
    throw new InvalidInputError('fromCode', {
      vi: `Mã ${input.fromCode} không phải của đơn vị thôi tồn tại từ ngày ${vietnameseDateText(day)}`,
      en: `Code ${input.fromCode} is not that of a unit that ended on ${day}`,
    });
  }
  const to = history.unitAt(input.toCode, day);
  if (!to || to.level !== from.level) {
    throw new InvalidInputError('toCode', {
      vi: `Mã ${input.toCode} không phải của đơn vị cùng cấp tồn tại ngày ${vietnameseDateText(day)}`,
      en: `Code ${input.toCode} is not that of a unit of the same level on ${day}`,
    });
  }
  if (input.share !== 'full' && input.share !== 'partial') {
    throw new InvalidInputError('share', { vi: 'Phần chuyển sang phải là toàn bộ hoặc một phần', en: 'The share must be full or partial' });
  }
  const known = event.links.filter((l) => l.fromKey === from.unitKey);
  if (
    known.some((l) => l.toKey === to.unitKey) ||
    (known.length > 0 && (input.share === 'full' || known.some((l) => l.share === 'full')))
  ) {
    throw new ConflictError(
      {
        vi: `${from.name} đã có liên kết tới ${known.map((l) => l.toName).join(', ')}; một đơn vị chuyển toàn bộ sang một đơn vị thì không sang đơn vị khác`,
        en: `${from.name} is already linked to ${known.map((l) => l.toName).join(', ')}; a unit that went whole into one went into no other`,
      },
      { fromCode: input.fromCode },
    );
  }
  return {
    fromKey: from.unitKey,
    fromCode: from.code,
    fromName: from.name,
    toKey: to.unitKey,
    toCode: to.code,
    toName: to.name,
    share: input.share,
    derivation: 'administrator',
  };
}
