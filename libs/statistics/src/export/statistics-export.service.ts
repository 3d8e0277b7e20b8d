import type { RequestContext } from '@council/auth';
import {
  type AppConfig,
  basisLine,
  type Bilingual,
  LEVEL_LABELS,
  notComparableLine,
  parsePeriod,
  periodLabel,
  queryBudget,
  QueryTimedOutError,
  QueryTooLargeError,
  ROLE_LABELS,
  STATISTICS_DIMENSION_LABELS,
  STATISTICS_EXPORT_LABELS as L,
  statisticsExportFileName,
  vietnamDate,
  vietnamDateTimeText,
} from '@council/core';
import { CouncilUnitModel, HierarchyService } from '@council/hierarchy';
import { MetricsService } from '@council/metrics';
import { APP_CONFIG, isStatementTimeout, queryCost } from '@council/server';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { type DocumentNode, parse } from 'graphql';

import { StatisticsDimension } from '../dto/statistics-query.input.js';
import { NATIONAL_SCOPE, StatisticsService } from '../statistics.service.js';
import {
  CSV_CONTENT_TYPE,
  type ExportColumn,
  statisticsCsv,
  type StatisticsExportTable,
  statisticsWorkbook,
  XLSX_CONTENT_TYPE,
} from './statistics-export.format.js';
import { exportParameters, type StatisticsExportRequest } from './statistics-export.request.js';

export type StatisticsExportFormat = 'xlsx' | 'csv';

/**
 * What a file holds, as the GraphQL operation that would read the same: the budget is reckoned on it with the
 * API's own cost model, so an export too large is refused exactly as that query would be (same estimate, same words).
 */
const EXPORT_OPERATION: DocumentNode = parse(`query StatisticsExport($query: StatisticsQuery!) {
  statistics(query: $query) { asOf rows { level period value unit { code name nameEn } metric { code nameVi nameEn } } }
}`);

/** Column order: as the service sorts its rows (unit, period, level, metric), the figure last. */
const DIMENSION_ORDER = [StatisticsDimension.UNIT, StatisticsDimension.PERIOD, StatisticsDimension.LEVEL, StatisticsDimension.METRIC];

const both = (a: Bilingual, b: Bilingual, join = ': '): Bilingual => ({ vi: `${a.vi}${join}${b.vi}`, en: `${a.en}${join}${b.en}` });

/**
 * Any `statistics` query as a file to take away (issue 15, part 4): computed by StatisticsService exactly as the
 * GraphQL field computes it (the same scope rules and refusals), under the same budget, with the query, the time,
 * who asked and the basis written above the figures.
 */
@Injectable()
export class StatisticsExportService {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly metrics: MetricsService,
    private readonly hierarchy: HierarchyService,
    private readonly modules: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async export(
    ctx: RequestContext,
    request: StatisticsExportRequest,
    format: StatisticsExportFormat,
  ): Promise<{ filename: string; contentType: string; buffer: Buffer }> {
    const user = ctx.requireUser();
    this.checkBudget(ctx, request);
    const { rows, notComparable, asOf } = await this.statistics.statistics(ctx, request.query).catch((e: unknown) => {
      // As GraphQL answers it: the caller's to narrow, never SQL.
      throw isStatementTimeout(e) ? new QueryTimedOutError('statistics') : e;
    });
    const generatedAt = new Date();
    const table = await this.table(request, rows, notComparable.length, asOf, generatedAt, user);
    const buffer =
      format === 'csv' ? statisticsCsv(table) : Buffer.from(await statisticsWorkbook(table).xlsx.writeBuffer({ useSharedStrings: true }));
    return {
      filename: statisticsExportFileName(request.query.periods, request.query.scope, format),
      contentType: format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
      buffer,
    };
  }

  /** The caller's budget against the estimate of the equivalent GraphQL operation; over it, the same refusal. */
  private checkBudget(ctx: RequestContext, request: StatisticsExportRequest): void {
    const schema = this.modules.get(GraphQLSchemaHost, { strict: false }).schema;
    const role = ctx.requireUser().role;
    const cost = queryCost(schema, EXPORT_OPERATION, 'StatisticsExport', { query: request.query });
    const limit = queryBudget(this.config, role);
    if (cost.estimated > limit && cost.heaviest) throw new QueryTooLargeError({ estimated: cost.estimated, limit, role, ...cost.heaviest });
  }

  private async table(
    request: StatisticsExportRequest,
    rows: Awaited<ReturnType<StatisticsService['statistics']>>['rows'],
    notComparable: number,
    asOf: Date,
    generatedAt: Date,
    user: { username: string; role: keyof typeof ROLE_LABELS; unitCode: string },
  ): Promise<StatisticsExportTable> {
    const { query } = request;
    const catalogue = await this.metrics.byCode();
    const unitDate = vietnamDate(generatedAt);
    const dims = DIMENSION_ORDER.filter((d) => query.groupBy.includes(d));

    const columns: ExportColumn[] = dims.flatMap((d): ExportColumn[] => {
      if (d === StatisticsDimension.UNIT) return [{ header: L.unitCode }, { header: L.unit }];
      if (d === StatisticsDimension.PERIOD) return [{ header: L.periodCode }, { header: L.period }];
      if (d === StatisticsDimension.LEVEL) return [{ header: L.levelCode }, { header: L.level }];
      return [{ header: L.metricCode }, { header: L.metric }, { header: L.metricEn }];
    });
    columns.push({ header: query.groupBy.length ? L.value : L.total, numeric: true });

    const body = rows.map((r) => [
      ...dims.flatMap((d): (string | null)[] => {
        if (d === StatisticsDimension.UNIT) return r.unit ? [r.unit.code, CouncilUnitModel.from(r.unit, unitDate).name] : [null, null];
        if (d === StatisticsDimension.PERIOD) return r.period ? [r.period, periodLabel(parsePeriod(r.period)).vi] : [null, null];
        if (d === StatisticsDimension.LEVEL) return r.level ? [r.level, LEVEL_LABELS[r.level].vi] : [null, null];
        const m = r.metricCode ? catalogue.get(r.metricCode) : undefined;
        return [r.metricCode, m?.nameVi ?? null, m?.nameEn ?? null];
      }),
      r.value,
    ]);

    const parameters = exportParameters(request);
    const link = parameters.map(([k, v]) => `${k}=${v}`).join('&');
    const at = (d: Date): Bilingual => ({
      vi: `${vietnamDateTimeText(d)} (${L.vietnamTime.vi})`,
      en: `${vietnamDateTimeText(d)} (${L.vietnamTime.en})`,
    });
    const role = ROLE_LABELS[user.role];
    return {
      about: [
        both(L.query, await this.inWords(request, catalogue, user.unitCode)),
        both(L.parameters, { vi: link, en: link }),
        both(L.generatedAt, at(generatedAt)),
        both(L.generatedBy, { vi: `${user.username} (${role.vi})`, en: `${user.username} (${role.en})` }),
        basisLine(request.basis),
        ...(notComparable ? [notComparableLine(notComparable)] : []),
        both(L.asOf, at(asOf)),
      ],
      parameters: [...parameters, ['GraphQL', JSON.stringify({ query: request.query })]],
      columns,
      rows: body,
      generatedAt,
    };
  }

  /** "Quý I/2024, Quý II/2024 · Thành phố Hà Nội · nhóm theo đơn vị (HĐND cấp huyện), chỉ tiêu · Kỳ họp chuyên đề; …". */
  private async inWords(
    request: StatisticsExportRequest,
    catalogue: Awaited<ReturnType<MetricsService['byCode']>>,
    ownUnit: string,
  ): Promise<Bilingual> {
    const { query } = request;
    const periods = query.periods.map((p) => periodLabel(parsePeriod(p)));
    // The scope was checked by the statistics service already: here it is only named.
    const scope =
      query.scope === NATIONAL_SCOPE
        ? L.wholeCountry
        : await this.hierarchy.requireByCode(query.scope ?? ownUnit, 'query.scope').then((u) => {
            const m = CouncilUnitModel.from(u, vietnamDate(new Date()));
            return { vi: m.name, en: m.nameEn ?? m.name };
          });
    const dims = query.groupBy.map((d) => {
      const l = STATISTICS_DIMENSION_LABELS[d];
      return d === StatisticsDimension.UNIT && query.unitLevel
        ? { vi: `${l.vi} (${LEVEL_LABELS[query.unitLevel].vi})`, en: `${l.en} (${LEVEL_LABELS[query.unitLevel].en})` }
        : l;
    });
    const grouping = dims.length
      ? { vi: `${L.groupedBy.vi} ${dims.map((d) => d.vi).join(', ')}`, en: `${L.groupedBy.en} ${dims.map((d) => d.en).join(', ')}` }
      : L.noGrouping;
    const metrics = query.metrics?.length
      ? {
          vi: query.metrics.map((c) => catalogue.get(c)?.nameVi ?? c).join('; '),
          en: query.metrics.map((c) => catalogue.get(c)?.nameEn ?? c).join('; '),
        }
      : L.allMetrics;
    const parts = [{ vi: periods.map((p) => p.vi).join(', '), en: periods.map((p) => p.en).join(', ') }, scope, grouping, metrics];
    return { vi: parts.map((p) => p.vi).join(' · '), en: parts.map((p) => p.en).join(' · ') };
  }
}
