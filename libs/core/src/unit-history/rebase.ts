/**
 * Re-basing old figures onto today's units (issue 14, `basis: CURRENT_UNITS`): which identities' figures of a day make
 * up a unit that did not exist then. Only `full` links carry figures: a unit that took part of another gets no number,
 * never an invented split.
 */
import type { Bilingual } from '../errors.js';
import { vietnameseDateText } from '../period.js';

/** A unit identity's span: [validFrom, validTo). */
export interface RebaseIdentity {
  id: string;
  validFrom: string;
  validTo: string | null;
}

/** A link into an identity (`toId`) from an older one. */
export interface RebaseLink {
  fromId: string;
  toId: string;
  kind: 'full' | 'partial';
  fromName: string;
  effectiveDate: string;
}

export interface Contributors {
  /** The identities standing on the day whose figures add up to the target's. */
  identities: string[];
  /** Links that brought only part of a unit into the target's past: with any, the target is not comparable. */
  partial: RebaseLink[];
}

/**
 * The identities whose figures on `day` make up `target`: itself if it stood that day, and whatever went into it after
 * the day through `full` links, followed back to the units that stood that day. Partial links are collected, not followed.
 */
export function contributorsOn(
  target: string,
  day: string,
  identities: ReadonlyMap<string, RebaseIdentity>,
  linksInto: ReadonlyMap<string, readonly RebaseLink[]>,
): Contributors {
  const found: string[] = [];
  const partial: RebaseLink[] = [];
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const identity = identities.get(id);
    if (!identity) continue;
    if (identity.validFrom <= day && (identity.validTo === null || identity.validTo > day)) found.push(id);
    // What went into it after the day was not yet its own then (a commune that kept its identity through 2025-01-01
    // absorbed its neighbours' figures only from that day): those units' figures of the day count too.
    for (const link of linksInto.get(id) ?? []) {
      if (link.effectiveDate <= day) continue;
      if (link.kind === 'partial') partial.push(link);
      else stack.push(link.fromId);
    }
  }
  return { identities: found.sort(), partial: partial.sort((a, b) => a.fromName.localeCompare(b.fromName, 'vi')) };
}

/**
 * Why a unit gets no re-based number for a period: it took part of other units, or nothing recorded went into it.
 * Starts with "không so sánh được" / "not comparable", the words the issue gives.
 */
export function notComparableReason(unitName: string, periodName: Bilingual, contributors: Contributors): Bilingual {
  if (contributors.partial.length) {
    const dates = [...new Set(contributors.partial.map((l) => l.effectiveDate))].sort();
    const names = [...new Set(contributors.partial.map((l) => l.fromName))].join(', ');
    const when = dates.map(vietnameseDateText).join(', ');
    return {
      vi: `không so sánh được: ${unitName} nhận một phần của ${names} (sắp xếp ngày ${when}); không chia tách số liệu cũ`,
      en: `not comparable: ${unitName} took only part of ${names} (reorganised on ${dates.join(', ')}); old figures are not split`,
    };
  }
  return {
    vi: `không so sánh được: ${unitName} chưa có trong ${periodName.vi.toLowerCase()} và không ghi nhận đơn vị tiền thân nào`,
    en: `not comparable: ${unitName} did not exist in ${periodName.en.toLowerCase()} and no predecessor is recorded`,
  };
}
