import { CouncilLevel, InvalidInputError, parseStatisticsBasis, type StatisticsBasis } from '@council/core';

import { StatisticsDimension, type StatisticsQueryInput } from '../dto/statistics-query.input.js';

/** What an export asks: the `statistics` query exactly as GraphQL takes it, and the basis of the figures. */
export interface StatisticsExportRequest {
  query: StatisticsQueryInput;
  basis: StatisticsBasis;
}

const QUERY_KEYS = ['periods', 'metrics', 'scope', 'groupBy', 'unitLevel'] as const;
const DIMENSIONS = Object.values(StatisticsDimension) as string[];
const LEVELS = Object.values(CouncilLevel) as string[];

const refuse = (field: string, vi: string, en: string) => new InvalidInputError(field, { vi, en });

/** A list: from a link "a,b" (or the parameter repeated), from JSON an array of strings. */
function list(value: unknown, field: string, fromLink: boolean): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = fromLink && (typeof value === 'string' || Array.isArray(value)) ? [value].flat() : value;
  if (!Array.isArray(items) || !items.every((v) => typeof v === 'string'))
    throw refuse(field, `${field} phải là danh sách chuỗi`, `${field} must be a list of strings`);
  return fromLink
    ? items
        .flatMap((v: string) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean)
    : (items as string[]);
}

function scalar(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw refuse(field, `${field} phải là một chuỗi`, `${field} must be one string`);
  return value;
}

function oneOf(values: string[], allowed: string[], field: string): void {
  values.forEach((v, i) => {
    if (!allowed.includes(v))
      throw refuse(
        values.length > 1 || field.endsWith('groupBy') ? `${field}[${i}]` : field,
        `"${v.slice(0, 40)}" không hợp lệ: chỉ nhận ${allowed.join(', ')}`,
        `"${v.slice(0, 40)}" is not one of ${allowed.join(', ')}`,
      );
  });
}

function build(source: Record<string, unknown>, basis: unknown, fromLink: boolean): StatisticsExportRequest {
  const periods = list(source.periods, 'query.periods', fromLink);
  if (!periods?.length) throw refuse('query.periods', 'Cần ít nhất một kỳ (periods)', 'At least one period is needed (periods)');
  const groupBy = list(source.groupBy, 'query.groupBy', fromLink);
  if (!groupBy)
    throw refuse(
      'query.groupBy',
      `Cần nêu chiều tổng hợp groupBy (${DIMENSIONS.join(', ')})`,
      `Say what to group by: groupBy (${DIMENSIONS.join(', ')})`,
    );
  oneOf(groupBy, DIMENSIONS, 'query.groupBy');
  const unitLevel = scalar(source.unitLevel, 'query.unitLevel');
  if (unitLevel) oneOf([unitLevel], LEVELS, 'query.unitLevel');
  const metrics = list(source.metrics, 'query.metrics', fromLink);
  const parsed = parseStatisticsBasis(basis);
  return {
    query: {
      periods,
      metrics: metrics?.length ? metrics : null,
      scope: scalar(source.scope, 'query.scope') ?? null,
      groupBy: groupBy as StatisticsDimension[],
      unitLevel: (unitLevel as CouncilLevel | undefined) ?? null,
      // The basis is the export's own parameter and the query's field both: the figures follow it.
      basis: parsed,
    },
    basis: parsed,
  };
}

/** GET /exports/statistics.xlsx?periods=2024Q1,2024Q2&groupBy=UNIT,METRIC&…: the query's fields as parameters. */
export function exportRequestFromLink(params: Record<string, unknown>): StatisticsExportRequest {
  const unknown = Object.keys(params).find((k) => !(QUERY_KEYS as readonly string[]).includes(k) && k !== 'basis');
  if (unknown)
    throw refuse(
      unknown,
      `Tham số "${unknown.slice(0, 40)}" không có; dùng ${[...QUERY_KEYS, 'basis'].join(', ')}`,
      `Unknown parameter "${unknown.slice(0, 40)}"; use ${[...QUERY_KEYS, 'basis'].join(', ')}`,
    );
  return build(params, params.basis, true);
}

/** POST /exports/statistics.xlsx with the GraphQL variables as JSON: `{ "query": { … }, "basis": "AS_REPORTED" }`. */
export function exportRequestFromBody(body: unknown): StatisticsExportRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || Array.isArray(b) || typeof b.query !== 'object' || b.query === null || Array.isArray(b.query))
    throw refuse(
      'query',
      'Cần đối tượng query như biến của truy vấn statistics',
      'Send { "query": { … } }, the statistics query’s variable',
    );
  const query = b.query as Record<string, unknown>;
  const unknown = Object.keys(query).find((k) => !(QUERY_KEYS as readonly string[]).includes(k));
  if (unknown)
    throw refuse(`query.${unknown.slice(0, 40)}`, `Trường "${unknown.slice(0, 40)}" không có`, `Unknown field "${unknown.slice(0, 40)}"`);
  return build(query, b.basis, false);
}

/** The parameters that reproduce the export, as a link's query string (what the file writes under "Tham số"). */
export function exportParameters(request: StatisticsExportRequest): [string, string][] {
  const q = request.query;
  const out: [string, string][] = [['periods', q.periods.join(',')]];
  if (q.metrics?.length) out.push(['metrics', q.metrics.join(',')]);
  if (q.scope) out.push(['scope', q.scope]);
  out.push(['groupBy', q.groupBy.join(',')]);
  if (q.unitLevel) out.push(['unitLevel', q.unitLevel]);
  out.push(['basis', request.basis]);
  return out;
}
