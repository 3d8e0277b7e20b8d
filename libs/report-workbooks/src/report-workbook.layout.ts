import {
  METRIC_GROUP_LABELS,
  METRIC_GROUPS,
  type MetricGroup,
  NARRATIVE_FIELDS,
  NARRATIVE_LABELS,
  type NarrativeField,
} from '@council/core';

/**
 * Where things sit in a report workbook: written by the template builder and read back by the upload reader, so the
 * two cannot disagree. A workbook has one sheet per report (unit × quarter) and a very hidden, protected sheet of
 * metadata naming, for each report sheet, its unit, its quarter, the template version and which row holds which
 * metric: an upload is checked against it, never against whatever the visible cells say.
 */
export const TEMPLATE_VERSION = '1';
export const META_SHEET = '_mau_bao_cao';

/** Columns of a report sheet. */
export const COL: Readonly<Record<'code' | 'name' | 'value' | 'previous' | 'unit', number>> = {
  code: 1,
  name: 2,
  value: 3,
  previous: 4,
  unit: 5,
};
export const FIRST_BODY_ROW = 6;
export const HEADER_ROW = 5;

/** One metric as the workbook shows it (from the shared catalogue). */
export interface LayoutMetric {
  code: string;
  nameVi: string;
  group: string;
  unitVi: string;
}

/** The rows of one report sheet: a row per group heading, a row per metric, then the narrative. */
export interface SheetLayout {
  groups: { row: number; label: string }[];
  metrics: Map<string, number>;
  narrativeHeading: number;
  narrative: Record<NarrativeField, number>;
}

/** Metrics grouped and ordered as the catalogue groups them (the report form's order), and the rows they land on. */
export function sheetLayout(metrics: readonly LayoutMetric[]): SheetLayout & { ordered: LayoutMetric[] } {
  const groups: SheetLayout['groups'] = [];
  const rows = new Map<string, number>();
  const ordered: LayoutMetric[] = [];
  let row = FIRST_BODY_ROW;
  const known = new Set<string>(METRIC_GROUPS);
  const groupOrder = [...METRIC_GROUPS, ...new Set(metrics.map((m) => m.group).filter((g) => !known.has(g)))];
  for (const group of groupOrder) {
    const inGroup = metrics.filter((m) => m.group === group);
    if (!inGroup.length) continue;
    groups.push({ row: row++, label: METRIC_GROUP_LABELS[group as MetricGroup]?.vi ?? group });
    for (const m of inGroup) {
      rows.set(m.code, row++);
      ordered.push(m);
    }
  }
  const narrativeHeading = row + 1;
  const narrative = Object.fromEntries(NARRATIVE_FIELDS.map((f, i) => [f, narrativeHeading + 1 + i])) as Record<NarrativeField, number>;
  return { groups, metrics: rows, narrativeHeading, narrative, ordered };
}

export const NARRATIVE_TITLES: Record<NarrativeField, string> = Object.fromEntries(
  NARRATIVE_FIELDS.map((f) => [f, NARRATIVE_LABELS[f].vi]),
) as Record<NarrativeField, string>;

/** "C7": a cell's address as Excel shows it. */
export function cellRef(row: number, column: number): string {
  let name = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row}`;
}

/** "00460 Bắc Hồng": the unit's code and its name without the kind ("Xã", "Thị trấn"…), as Excel allows a sheet name. */
export function sheetNameOf(code: string, name: string): string {
  const short = name.replace(/^(Xã|Phường|Thị trấn|Thị xã|Quận|Huyện|Thành phố)\s+/u, '');
  return `${code} ${short}`
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim();
}

/** One report sheet's entry in the metadata sheet. */
export interface SheetMeta {
  sheet: string;
  unitCode: string;
  period: string;
  templateVersion: string;
  /** metric code → row */
  metrics: Map<string, number>;
  narrative: Record<NarrativeField, number>;
}
