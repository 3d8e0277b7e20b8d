import type { RequestContext } from '@council/auth';
import {
  catalogueProblems,
  ConflictError,
  CouncilLevel,
  ForbiddenError,
  InvalidInputError,
  isValidMetricCode,
  LEVEL_LABELS,
  METRIC_GROUPS,
  type MetricDefinition,
  type MetricGroup,
  Permission,
} from '@council/core';
import { type MetricEntity, MetricsService } from '@council/metrics';
import { AuditService } from '@council/reporting';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { AddMetricInput } from './metric-admin.input.js';

const ALL_LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

/**
 * Metrics administrators add to the catalogue (API.md: "administrators may add more"). A new metric takes part in
 * every report rule the catalogue drives: the levels it applies at (METRIC_NOT_APPLICABLE), the whole it is a part
 * of (PART_EXCEEDS_WHOLE), and the value bounds every metric has. The report form reads the catalogue from the API,
 * so the metric appears in its group at once on this API (the cache is dropped) and within the cache's 30 s elsewhere.
 */
@Injectable()
export class MetricAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: MetricsService,
    private readonly audit: AuditService,
  ) {}

  async add(ctx: RequestContext, input: AddMetricInput): Promise<MetricEntity> {
    if (!ctx.can(Permission.ManageCatalogue)) throw new ForbiddenError();
    const code = input.code.trim();
    if (!isValidMetricCode(code) || code.length > 80)
      throw new InvalidInputError('input.code', {
        vi: 'Mã chỉ tiêu gồm các đoạn chữ thường không dấu (a–z, 0–9, _) nối bằng dấu chấm, ví dụ "supervisions.followup"; tối đa 80 ký tự',
        en: 'A metric code is lower-case segments (a–z, 0–9, _) joined by dots, e.g. "supervisions.followup"; at most 80 characters',
      });
    const nameVi = this.text(input.nameVi, 'input.nameVi', 200, { vi: 'Tên tiếng Việt', en: 'The Vietnamese name' });
    const nameEn = this.text(input.nameEn, 'input.nameEn', 200, { vi: 'Tên tiếng Anh', en: 'The English name' });
    const unitVi = this.text(input.unitVi, 'input.unitVi', 40, { vi: 'Đơn vị tính', en: 'The counting word' });
    if (!METRIC_GROUPS.includes(input.group as MetricGroup))
      throw new InvalidInputError('input.group', {
        vi: `Nhóm chỉ tiêu "${input.group}" không có; chọn một trong: ${METRIC_GROUPS.join(', ')}`,
        en: `No metric group "${input.group}"; choose one of: ${METRIC_GROUPS.join(', ')}`,
      });
    const group = input.group as MetricGroup;
    const levels = input.levels?.length ? [...new Set(input.levels)] : ALL_LEVELS;
    const existing = await this.catalogue.list();
    const partOf = input.partOf?.trim() || null;
    if (partOf !== null) {
      const whole = existing.find((m) => m.code === partOf);
      if (!whole)
        throw new InvalidInputError('input.partOf', {
          vi: `Chỉ tiêu tổng "${partOf}" không có trong danh mục`,
          en: `The whole "${partOf}" is not in the catalogue`,
        });
      const outside = levels.filter((l) => !whole.levels.includes(l));
      if (outside.length)
        throw new InvalidInputError('input.levels', {
          vi: `Chỉ tiêu bộ phận chỉ áp dụng ở cấp có chỉ tiêu tổng “${whole.nameVi}”: bỏ ${outside.map((l) => LEVEL_LABELS[l].vi).join(', ')}`,
          en: `A part applies only where its whole “${whole.nameEn}” does: remove ${outside.map((l) => LEVEL_LABELS[l].en).join(', ')}`,
        });
    }
    return this.db
      .transaction(async (tx) => {
        // Serialises additions, so the sort order and the catalogue check see every metric committed before.
        await tx.query(`LOCK TABLE hierarchy.metric IN SHARE ROW EXCLUSIVE MODE`);
        const all: MetricEntity[] = await tx.query(
          `SELECT code, name_vi AS "nameVi", name_en AS "nameEn", metric_group AS "group", unit_vi AS "unitVi", levels, part_of AS "partOf", sort_order AS "sortOrder", active
           FROM hierarchy.metric`,
        );
        if (all.some((m) => m.code === code))
          throw new ConflictError({ vi: `Mã chỉ tiêu "${code}" đã có`, en: `The metric code "${code}" is taken` }, { field: 'input.code' });
        // After the group's last metric (sort orders leave gaps of 10 between the seeded ones).
        const sortOrder = Math.max(0, ...all.filter((m) => m.group === group).map((m) => m.sortOrder)) + 1;
        const added: MetricDefinition = {
          code,
          nameVi,
          nameEn,
          group,
          unitVi,
          unitEn: '',
          levels,
          sortOrder,
          ...(partOf ? { partOf } : {}),
        };
        const defs = all.map((m): MetricDefinition => ({
          ...m,
          group: m.group as MetricGroup,
          unitEn: '',
          levels: parseLevels(m.levels),
          partOf: m.partOf ?? undefined,
        }));
        const problems = catalogueProblems([...defs, added]).filter((p) => p.startsWith(`${code}:`));
        if (problems.length) throw new InvalidInputError('input', { vi: problems.join('; '), en: problems.join('; ') });
        const rows: MetricEntity[] = await tx.query(
          `INSERT INTO hierarchy.metric (code, name_vi, name_en, metric_group, unit_vi, levels, part_of, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6::hierarchy.council_level[], $7, $8)
         RETURNING code, name_vi AS "nameVi", name_en AS "nameEn", metric_group AS "group", unit_vi AS "unitVi", levels, part_of AS "partOf", sort_order AS "sortOrder", active`,
          [code, nameVi, nameEn, group, unitVi, levels, partOf, sortOrder],
        );
        const metric = { ...rows[0], levels: parseLevels(rows[0].levels) };
        await this.audit.record(tx, ctx, {
          action: 'METRIC_ADD',
          subject: `metric:${code}`,
          changes: { before: null, after: { code, nameVi, nameEn, group, unitVi, levels, partOf, sortOrder } },
        });
        return metric;
      })
      .finally(() => this.catalogue.invalidate());
  }

  private text(value: string, field: string, max: number, what: { vi: string; en: string }): string {
    const text = value.trim();
    if (!text) throw new InvalidInputError(field, { vi: `${what.vi} là bắt buộc`, en: `${what.en} is required` });
    if (text.length > max)
      throw new InvalidInputError(field, { vi: `${what.vi} dài tối đa ${max} ký tự`, en: `${what.en} is at most ${max} characters` });
    return text;
  }
}

/** node-postgres gives an enum array as its text form ("{CITY,WARD}") unless the type is registered. */
function parseLevels(levels: unknown): CouncilLevel[] {
  if (Array.isArray(levels)) return levels as CouncilLevel[];
  return String(levels)
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as CouncilLevel[];
}
