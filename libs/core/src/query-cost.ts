/**
 * The cost model's domain part (issue 16, part 2): how many rows a list is reckoned to return where its arguments say
 * nothing narrower, the budget of each role, and the refusals a caller reads. The walk over a query lives in
 * libs/server (graphql/query-cost.ts); each list field declares its size beside itself (`@ListSize`).
 */
import type { AppConfig } from './config.js';
import { InvalidInputError } from './errors.js';
import { CouncilLevel } from './levels.js';
import type { Role } from './roles.js';

/**
 * Declared list sizes, Hanoi's tree and the catalogue with room to grow: 30 districts, 579 communes (at most 32 in a
 * district, 39 in the country), 24 metrics. An estimate errs high; the response-size cap and the database's
 * statement timeout catch what one misses.
 */
export const LIST_SIZES = {
  /** Units of the whole tree (councilUnits with no level: 1 + 30 + 579), or a city's communes. */
  units: 600,
  /** Provinces and cities of the country (scope "VN"). */
  provinces: 63,
  /** Districts of a city, units of one level under a province. */
  districts: 30,
  /** A unit's children: a district's communes, a city's districts. */
  children: 30,
  /** The metric catalogue. */
  metrics: 40,
  /** Quarters a council has reported or may be asked about (ten years). */
  quarters: 40,
  /** City, district, ward. */
  levels: 3,
  /** Submissions of one report (each resubmission is a version). */
  versions: 5,
  /** Directives a council has issued or received, a meeting's conclusions or agenda, an assignment's steps. */
  directives: 200,
  meetingItems: 20,
  meetings: 50,
  steps: 10,
  /** Reorganisation events (Hanoi has two; room for the years to come). */
  reorganisations: 10,
  /** One event's links (2025-07-01 has 796), or those of one code in it. */
  eventLinks: 800,
  codeLinks: 20,
  /** The units one event ended without a successor (Hanoi: 24 communes on 2025-01-01, 30 districts on 2025-07-01). */
  endedUnits: 100,
  /** A unit's predecessors or successors (the new Xã Kim Anh has 3; an old commune split at most 5 ways). */
  unitLinks: 20,
  /** A council's terms (two seeded; one every five years). */
  councilTerms: 10,
} as const;

const DEPTH: Record<CouncilLevel, number> = { [CouncilLevel.CITY]: 1, [CouncilLevel.DISTRICT]: 2, [CouncilLevel.WARD]: 3 };
/** Units one to three levels below a unit: its districts, its communes. */
const BELOW = [1, LIST_SIZES.districts, LIST_SIZES.units];

/**
 * Units of a level under a scope, as reckoned: `scope` a GSO code (2 digits a city, 3 a district, 5 a commune), "VN"
 * the country, none the caller's city; `level` none: the level just below the scope.
 */
export function unitsEstimate(level: CouncilLevel | null | undefined, scope?: string | null): number {
  const scopeDepth = scope === 'VN' ? 0 : !scope || scope.length <= 2 ? 1 : scope.length === 3 ? 2 : 3;
  const depth = level ? DEPTH[level] : Math.min(scopeDepth + 1, 3);
  if (depth <= scopeDepth) return 1;
  return scopeDepth === 0 ? LIST_SIZES.provinces * BELOW[depth - 1] : scopeDepth === 1 ? BELOW[depth - 1] : LIST_SIZES.children;
}

/** A list field's declared size, read off the schema's extensions (`cost`). */
export interface ListSizeArgs {
  /** The field's own arguments, coerced. */
  args: Record<string, unknown>;
  /** The enclosing field's (StatisticsResult.rows takes its size from `statistics(query)`). */
  parent?: ListSizeArgs;
}
export interface ListCost {
  /** Rows the list returns, at most or as reckoned; from the arguments where they say. */
  rows: number | ((field: ListSizeArgs) => number);
  /** What a caller narrows to get fewer rows: named in the refusal. */
  narrow?: string[];
}

/** The rows a query may be estimated to return, for a role; a caller not signed in gets the smallest budget. */
export function queryBudget(config: AppConfig, role: Role | null): number {
  return role ? config.graphql.budgets[role] : Math.min(...Object.values(config.graphql.budgets));
}

const vi = (n: number) => n.toLocaleString('vi-VN');
const en = (n: number) => n.toLocaleString('en-US');

/** A query whose estimated rows exceed the caller's budget: refused before any of it runs. */
export class QueryTooLargeError extends InvalidInputError {
  constructor(cost: {
    estimated: number;
    limit: number;
    role: Role | null;
    /** The list making the most rows, and the list above it (or itself) whose arguments narrow it. */
    field: string;
    rows: number;
    narrowField: string;
    narrow: string[];
  }) {
    const who = { vi: cost.role ?? 'chưa đăng nhập', en: cost.role ?? 'signed-out' };
    const args = cost.narrow.join(', ');
    const hint = cost.narrow.length
      ? { vi: `hãy thu hẹp ${cost.narrowField} bằng ${args}`, en: `narrow ${cost.narrowField} with ${args}` }
      : { vi: 'hãy bỏ bớt trường này hoặc tách thành nhiều truy vấn nhỏ', en: 'drop this field or split the query' };
    super(
      cost.field,
      {
        vi: `Truy vấn quá lớn: ước tính ${vi(cost.estimated)} dòng, vượt hạn mức ${vi(cost.limit)} dòng (${who.vi}); nhiều nhất là ${cost.field} (${vi(cost.rows)} dòng): ${hint.vi}`,
        en: `Query too large: an estimated ${en(cost.estimated)} rows, over the budget of ${en(cost.limit)} (${who.en}); most are ${cost.field} (${en(cost.rows)} rows): ${hint.en}`,
      },
      { cost: { estimated: cost.estimated, limit: cost.limit, field: cost.field, rows: cost.rows } },
    );
  }
}

/** An answer larger than the cap: refused whole, never sent in part. */
export class ResponseTooLargeError extends InvalidInputError {
  constructor(size: { bytes: number; limit: number; field: string }) {
    super(
      size.field,
      {
        vi: `Kết quả quá lớn: ${vi(size.bytes)} byte, vượt giới hạn ${vi(size.limit)} byte; nhiều nhất là ${size.field}: hãy thu hẹp truy vấn`,
        en: `Answer too large: ${en(size.bytes)} bytes, over the limit of ${en(size.limit)}; most is ${size.field}: narrow the query`,
      },
      { size: { bytes: size.bytes, limit: size.limit } },
    );
  }
}

/** A statement the database cancelled at its statement_timeout (API_STATEMENT_TIMEOUT_MS). */
export class QueryTimedOutError extends InvalidInputError {
  constructor(field: string) {
    super(field, {
      vi: `Truy vấn chạy quá lâu và đã bị cơ sở dữ liệu dừng; nhiều nhất là ${field}: hãy thu hẹp truy vấn`,
      en: `The query ran too long and the database stopped it; most is ${field}: narrow the query`,
    });
  }
}
