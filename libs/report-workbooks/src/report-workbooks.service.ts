import { createHash } from 'node:crypto';

import { type RequestContext, UnitScopeService } from '@council/auth';
import {
  blocksSubmission,
  CouncilLevel,
  DomainError,
  InvalidInputError,
  NARRATIVE_FIELDS,
  parseQuarter,
  previousQuarter,
  type QuarterPeriod,
  quarterStartDay,
  type Severity,
  type ValidationFinding,
} from '@council/core';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { MetricsService } from '@council/metrics';
import { reportContentHash, ReportingPeriodService, ReportingService, type ReportInput } from '@council/reporting';
import { Injectable } from '@nestjs/common';

import { buildReportTemplate, type TemplateSheet } from './report-workbook.builder.js';
import { sheetNameOf } from './report-workbook.layout.js';
import { type ParsedReport, readReportWorkbook } from './report-workbook.reader.js';
import { WorkbookRejected } from './upload-errors.js';
import { checkZip } from './zip-guard.js';

const PREVIEW_BATCH = 4;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A finding of the report rules, pointed at the sheet and cell it is about. */
export interface SheetFinding {
  rule: string;
  severity: Severity;
  message: string;
  messageEn: string;
  sheet: string;
  cell: string | null;
}

/** READY: would become a new version; UNCHANGED: the same as the latest version; EMPTY: nothing typed; INVALID: an error blocks it. */
export type DryRunStatus = 'READY' | 'UNCHANGED' | 'EMPTY' | 'INVALID';

export interface DryRunReport {
  sheet: string;
  unitCode: string;
  unitName: string;
  status: DryRunStatus;
  values: number;
  latestVersion: number | null;
  findings: SheetFinding[];
}

export interface DryRunResult {
  period: string;
  reports: DryRunReport[];
}

/** CREATED: a new version; UNCHANGED: nothing new (same as the latest, or this file was imported already); EMPTY; REFUSED. */
export type ImportOutcome = 'CREATED' | 'UNCHANGED' | 'EMPTY' | 'REFUSED';

export interface ImportResult {
  period: string;
  created: number;
  unchanged: number;
  refused: number;
  reports: (Pick<DryRunReport, 'sheet' | 'unitCode' | 'unitName' | 'findings'> & { outcome: ImportOutcome; version: number | null })[];
}

interface Prepared {
  report: DryRunReport;
  input: ReportInput;
}

/**
 * Report workbooks: templates to fill in Excel, and filled ones brought back. Nothing here writes a report table:
 * checks go through `ReportingService.preview` (the scope and the rules `submit` runs) and each report becomes a
 * submission through `ReportingService.submit`, one transaction each, so each imports whole or not at all.
 */
@Injectable()
export class ReportWorkbooksService {
  constructor(
    private readonly hierarchy: HierarchyService,
    private readonly scope: UnitScopeService,
    private readonly metrics: MetricsService,
    private readonly reporting: ReportingService,
    private readonly periods: ReportingPeriodService,
  ) {}

  /** One unit's report for a quarter, as a workbook of one sheet. */
  async unitTemplate(ctx: RequestContext, unitCode: string, period: string): Promise<WorkbookFile> {
    const quarter = parseQuarter(period, 'period');
    const unit = await this.scope.writable(ctx, unitCode, quarterStartDay(quarter), 'unitCode');
    return this.file(ctx, [unit], quarter, `bao-cao-${unit.code}-${quarter.code}.xlsx`);
  }

  /** A district's communes with a council in the quarter, a sheet each. */
  async districtTemplate(ctx: RequestContext, districtCode: string, period: string): Promise<WorkbookFile> {
    const quarter = parseQuarter(period, 'period');
    const asOf = quarterStartDay(quarter);
    const district = await this.scope.readable(ctx, districtCode, asOf, 'districtCode');
    if (district.level !== CouncilLevel.DISTRICT) {
      throw new InvalidInputError('districtCode', {
        vi: `${district.name} không phải đơn vị cấp huyện`,
        en: `${district.name} is not a district`,
      });
    }
    const communes = (await this.hierarchy.list({ parentCode: district.code, level: CouncilLevel.WARD }, asOf)).filter((u) =>
      hasCouncilOn(u, asOf),
    );
    // Each commune must be one the caller may file for (district staff for their own communes).
    await Promise.all(communes.map((c) => this.scope.writable(ctx, c.code, asOf, 'districtCode')));
    return this.file(ctx, communes, quarter, `bao-cao-xa-${district.code}-${quarter.code}.xlsx`);
  }

  private async file(ctx: RequestContext, units: CouncilUnitEntity[], quarter: QuarterPeriod, filename: string): Promise<WorkbookFile> {
    const previous = previousQuarter(quarter);
    const [metrics, dueDate, current, before] = await Promise.all([
      this.metrics.list(),
      this.periods.dueDate(quarter),
      this.latest(ctx, units, quarter),
      this.latest(ctx, units, previous),
    ]);
    const sheets: TemplateSheet[] = units.map((u) => {
      const filed = current.get(u.code);
      return {
        sheet: sheetNameOf(u.code, u.name),
        unitCode: u.code,
        unitName: u.name,
        quarter,
        previousQuarter: previous,
        dueDate,
        metrics: metrics.filter((m) => m.levels.includes(u.level)),
        filed: filed
          ? {
              version: filed.version,
              values: new Map(filed.values.map((v) => [v.metric, v.value])),
              narrative: { highlights: filed.highlights, shortcomings: filed.shortcomings, proposals: filed.proposals },
            }
          : null,
        previous: new Map((before.get(u.code)?.values ?? []).map((v) => [v.metric, v.value])),
      };
    });
    const buffer = Buffer.from(await buildReportTemplate(sheets, new Date()).xlsx.writeBuffer());
    return { filename, contentType: XLSX_CONTENT_TYPE, buffer };
  }

  /** The latest submitted version of each unit's report for a quarter (drafts are not "filed"). */
  private async latest(ctx: RequestContext, units: CouncilUnitEntity[], quarter: QuarterPeriod) {
    const codes = new Set(units.map((u) => u.code));
    const parent = units.length > 1 ? units[0].parentCode : null;
    const views = parent
      ? await this.reporting.list(ctx, { period: quarter.code, parentCode: parent })
      : await Promise.all(units.map((u) => this.reporting.list(ctx, { period: quarter.code, unitCode: u.code }))).then((v) => v.flat());
    return new Map(views.filter((v) => codes.has(v.report.unitCode) && v.shown).map((v) => [v.report.unitCode, v.shown!]));
  }

  /** What importing the file would do, per report, with the rules' findings at their cells; nothing is written. */
  async dryRun(ctx: RequestContext, file: Buffer, period: string): Promise<DryRunResult> {
    const quarter = parseQuarter(period, 'period');
    const prepared = await this.prepare(ctx, file, quarter);
    return { period: quarter.code, reports: prepared.map((p) => p.report) };
  }

  /**
   * Each READY report becomes a submission with an idempotency key made of the file's hash, the unit and the quarter:
   * the same file sent again (or twice at once) is a replay and creates nothing. A report equal to its latest version
   * (a pre-filled sheet left as it was) is not submitted at all.
   */
  async import(ctx: RequestContext, file: Buffer, period: string): Promise<ImportResult> {
    const quarter = parseQuarter(period, 'period');
    const prepared = await this.prepare(ctx, file, quarter);
    const fileHash = createHash('sha256').update(file).digest('hex');
    const result: ImportResult = { period: quarter.code, created: 0, unchanged: 0, refused: 0, reports: [] };
    for (const { report, input } of prepared) {
      const base = { sheet: report.sheet, unitCode: report.unitCode, unitName: report.unitName, findings: report.findings };
      if (report.status !== 'READY') {
        const outcome: ImportOutcome = report.status === 'INVALID' ? 'REFUSED' : report.status;
        if (outcome === 'REFUSED') result.refused++;
        if (outcome === 'UNCHANGED') result.unchanged++;
        result.reports.push({ ...base, outcome, version: report.latestVersion });
        continue;
      }
      const key = `xlsx:${createHash('sha256').update(`${fileHash}|${report.unitCode}|${quarter.code}`).digest('hex')}`;
      try {
        const { view, wrote: created } = await this.reporting.submitting(ctx, input, key);
        if (created) result.created++;
        else result.unchanged++;
        result.reports.push({ ...base, outcome: created ? 'CREATED' : 'UNCHANGED', version: view.report.version });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        result.refused++;
        result.reports.push({
          ...base,
          outcome: 'REFUSED',
          version: report.latestVersion,
          findings: [
            ...base.findings,
            { rule: e.kind, severity: 'ERROR' as Severity, message: e.message, messageEn: e.messageEn, sheet: report.sheet, cell: null },
          ],
        });
      }
    }
    return result;
  }

  /** The file checked and read, and every report previewed (scope, rules, latest version) before anything is written. */
  private async prepare(ctx: RequestContext, file: Buffer, quarter: QuarterPeriod): Promise<Prepared[]> {
    checkZip(file);
    const parsed = await readReportWorkbook(file, quarter.code);
    const seen = new Set<string>();
    for (const p of parsed) {
      if (seen.has(p.unitCode)) {
        throw new WorkbookRejected(400, 'WORKBOOK_UNIT_REPEATED', {
          vi: `Đơn vị ${p.unitCode} có hơn một trang tính`,
          en: `Unit ${p.unitCode} has more than one sheet`,
        });
      }
      seen.add(p.unitCode);
    }
    const asOf = quarterStartDay(quarter);
    const prepared: Prepared[] = [];
    // A few sheets at a time: a 30-sheet file should not take 30 pooled connections at once.
    for (let i = 0; i < parsed.length; i += PREVIEW_BATCH) {
      prepared.push(...(await Promise.all(parsed.slice(i, i + PREVIEW_BATCH).map((p) => this.previewSheet(ctx, p, quarter, asOf)))));
    }
    return prepared;
  }

  private async previewSheet(ctx: RequestContext, p: ParsedReport, quarter: QuarterPeriod, asOf: string): Promise<Prepared> {
    const unit = await this.inSheet(p, () => this.scope.writable(ctx, p.unitCode, asOf, 'unitCode'));
    const input: ReportInput = {
      unitCode: p.unitCode,
      period: quarter.code,
      values: p.values.map(({ metric, value }) => ({ metric, value })),
      ...p.narrative,
    };
    const base = { sheet: p.sheet, unitCode: unit.code, unitName: unit.name, values: p.values.length };
    if (!p.values.length && NARRATIVE_FIELDS.every((f) => !p.narrative[f])) {
      return { input, report: { ...base, status: 'EMPTY', latestVersion: null, findings: [] } };
    }
    const { findings, latest } = await this.inSheet(p, () => this.reporting.preview(ctx, input));
    const status: DryRunStatus = findings.some(blocksSubmission)
      ? 'INVALID'
      : latest?.contentHash === reportContentHash(input)
        ? 'UNCHANGED'
        : 'READY';
    return { input, report: { ...base, status, latestVersion: latest?.version ?? null, findings: findings.map((f) => locate(f, p)) } };
  }

  /** A refusal about one sheet's unit (out of scope, unknown, no council) names the sheet. */
  private async inSheet<T>(p: ParsedReport, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof DomainError) {
        Object.assign(e.details, { sheet: p.sheet, unitCode: p.unitCode });
        e.message = `Trang tính "${p.sheet}": ${e.message}`;
        Object.assign(e, { messageEn: `Sheet "${p.sheet}": ${e.messageEn}` });
      }
      throw e;
    }
  }
}

export interface WorkbookFile {
  filename: string;
  contentType: string;
  buffer: Buffer;
}

/** The cell a finding is about: its metric's input cell, a narrative's cell, or the value it names by index. */
function locate(f: ValidationFinding, p: ParsedReport): SheetFinding {
  const index = /^values\[(\d+)\]/.exec(f.field ?? '');
  const cell =
    (f.metric && p.cells.get(f.metric)) ??
    (index ? p.values[Number(index[1])]?.cell : undefined) ??
    (f.field ? p.cells.get(f.field) : undefined) ??
    null;
  const at = cell ? ` ô ${cell}` : '';
  const atEn = cell ? ` cell ${cell}` : '';
  return {
    rule: f.rule,
    severity: f.severity,
    message: `Trang tính ${p.sheet}${at}: ${f.message}`,
    messageEn: `Sheet ${p.sheet}${atEn}: ${f.messageEn}`,
    sheet: p.sheet,
    cell,
  };
}
