import { type GraphQLContext, groupedLoader } from '@council/server';
import type { DataSource } from 'typeorm';

/**
 * The Vietnam day each directive was issued, batched per request: the day its assignments' units are read at (an
 * assignment to Huyện Đông Anh in 2024 names Đông Anh, though no district stands today; one to 00466 then names Xã
 * Nguyên Khê, not today's Phúc Thịnh). `table` is the side's copy: `city.directive` or `district.directive`.
 */
export async function issuedDayOf(
  context: GraphQLContext,
  db: DataSource,
  table: 'city.directive' | 'district.directive',
  directiveId: string,
): Promise<string | undefined> {
  const loader = groupedLoader(
    context,
    `${table}.issued-day`,
    (ids) =>
      db.query(`SELECT id::text, (issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS day FROM ${table} WHERE id = ANY($1::uuid[])`, [
        ids,
      ]) as Promise<{ id: string; day: string }[]>,
    (row) => row.id,
  );
  return (await loader.load(directiveId))[0]?.day;
}
