import { type Bilingual, parsePeriod, periodLabel, romanNumeral } from '@council/core';
import { DateScalar } from '@council/server';
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CouncilTerm', { description: 'Một nhiệm kỳ của HĐND / a term of a People’s Council' })
export class CouncilTermModel {
  @Field({ description: 'Mã nhiệm kỳ / term code ("NK2021-2026"), also a statistics period' })
  code: string;

  @Field(() => Int, { nullable: true, description: 'Khóa (16 = khóa XVI); trống: chưa rõ / the term number; null: not known' })
  number: number | null;

  @Field({ description: '"Nhiệm kỳ 2021–2026, khóa XVI"' })
  name: string;

  @Field({ description: '"Term 2021–2026 (16th)"' })
  nameEn: string;

  @Field(() => DateScalar, { description: 'Từ ngày (ngày bầu cử) / from (inclusive; the election day)' })
  validFrom: string;

  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày (không kể); trống: đang diễn ra / until (exclusive); null: running' })
  validTo: string | null;

  static from(row: { termCode: string; number: number | null; validFrom: string; validTo: string | null }): CouncilTermModel {
    const m = new CouncilTermModel();
    m.code = row.termCode;
    m.number = row.number;
    const { vi, en } = termName(row.termCode, row.number);
    m.name = vi;
    m.nameEn = en;
    m.validFrom = row.validFrom;
    m.validTo = row.validTo;
    return m;
  }
}

/** "Nhiệm kỳ 2021–2026, khóa XVI" / "Term 2021–2026 (16th)"; without a number, the term's label alone. */
export function termName(termCode: string, number: number | null): Bilingual {
  const label = periodLabel(parsePeriod(termCode));
  if (number === null) return label;
  return { vi: `${label.vi}, khóa ${romanNumeral(number)}`, en: `${label.en} (${ordinal(number)})` };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
