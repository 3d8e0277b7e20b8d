import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A term as read for the API (CouncilTermModel.from). */
export interface CouncilTermRow {
  unitCode: string;
  termCode: string;
  number: number | null;
  validFrom: string;
  validTo: string | null;
}

export const COUNCIL_TERM_COLUMNS = `unit_code AS "unitCode", term_code AS "termCode", number,
  valid_from::text AS "validFrom", valid_to::text AS "validTo"`;

/** Reads of councils' terms (hierarchy.council_term); administrators write them (libs/admin). */
@Injectable()
export class CouncilTermService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The terms of each code, oldest first: the units of a list in one statement (HierarchyLoaders.terms). */
  async termsOf(codes: readonly string[]): Promise<CouncilTermRow[][]> {
    const rows: CouncilTermRow[] = await this.db.query(
      `SELECT ${COUNCIL_TERM_COLUMNS} FROM hierarchy.council_term WHERE unit_code = ANY($1) ORDER BY unit_code, valid_from`,
      [[...codes]],
    );
    const byCode = new Map<string, CouncilTermRow[]>();
    for (const r of rows) byCode.set(r.unitCode, [...(byCode.get(r.unitCode) ?? []), r]);
    return codes.map((c) => byCode.get(c) ?? []);
  }

  /**
   * The span of a term across councils (a statistics period "NK2021-2026" for a city, or for the country: the first
   * day any of them began it, the last day any ended it, open if one still runs); null when none has it.
   */
  async span(termCode: string, unitCodes: readonly string[]): Promise<{ validFrom: string; validTo: string | null } | null> {
    const [row]: { validFrom: string | null; validTo: string | null }[] = await this.db.query(
      `SELECT min(valid_from)::text AS "validFrom", CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to)::text END AS "validTo"
         FROM hierarchy.council_term WHERE term_code = $1 AND unit_code = ANY($2)`,
      [termCode, [...unitCodes]],
    );
    return row?.validFrom ? { validFrom: row.validFrom, validTo: row.validTo } : null;
  }
}
