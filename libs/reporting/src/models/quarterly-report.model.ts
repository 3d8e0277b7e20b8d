import type { ValidationFinding } from '@council/core';
import { LIST_SIZES } from '@council/core';
import { type MetricEntity, MetricValueModel, metricValues } from '@council/metrics';
import { DateScalar, ListSize } from '@council/server';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

import { ReportStatus } from '../report.entity.js';
import type { ReportView } from '../report.store.js';
import type { ReportVersionEntity } from '../report-version.entity.js';

registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: 'DRAFT (bản nháp), SUBMITTED (đã gửi), ACCEPTED (đã tiếp nhận), RETURNED (bị trả lại)',
});

@ObjectType('ValidationFinding', { description: 'Kết quả kiểm tra / a validation finding: ERROR blocks submission, WARNING does not' })
export class ValidationFindingModel {
  @Field({ description: 'Rule code, e.g. PART_EXCEEDS_WHOLE' })
  rule: string;

  @Field({ description: 'ERROR or WARNING' })
  severity: string;

  @Field({ description: 'Tiếng Việt' })
  message: string;

  @Field()
  messageEn: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, e.g. values[2].value' })
  field?: string;

  @Field(() => String, { nullable: true })
  metric?: string;
}

/** What a report holds: figures, narrative, findings — the same for the report and each of its versions. */
@ObjectType({ isAbstract: true })
export abstract class ReportContentModel {
  @ListSize(LIST_SIZES.metrics)
  @Field(() => [MetricValueModel])
  values: MetricValueModel[];

  @Field(() => String, { nullable: true, description: 'Kết quả nổi bật / highlights' })
  highlights: string | null;

  @Field(() => String, { nullable: true, description: 'Hạn chế / shortcomings' })
  shortcomings: string | null;

  @Field(() => String, { nullable: true, description: 'Kiến nghị, đề xuất / proposals' })
  proposals: string | null;

  @ListSize(LIST_SIZES.metrics)
  @Field(() => [ValidationFindingModel])
  findings: ValidationFinding[];
}

@ObjectType('ReportVersion', { description: 'Một lần gửi báo cáo, không thay đổi / one submission, immutable' })
export class ReportVersionModel extends ReportContentModel {
  @Field(() => Int)
  version: number;

  @Field()
  submittedAt: Date;

  @Field()
  submittedBy: string;

  @Field({ description: 'Submitted after the due date' })
  late: boolean;

  static from(v: ReportVersionEntity, catalogue: ReadonlyMap<string, MetricEntity>): ReportVersionModel {
    return Object.assign(new ReportVersionModel(), {
      version: v.version,
      submittedAt: v.submittedAt,
      submittedBy: v.submittedBy,
      late: v.late,
      values: metricValues(v.values, catalogue),
      highlights: v.highlights,
      shortcomings: v.shortcomings,
      proposals: v.proposals,
      findings: v.findings,
    });
  }
}

@ObjectType('QuarterlyReport', { description: 'Báo cáo quý của một HĐND / a council’s quarterly report' })
export class QuarterlyReportModel extends ReportContentModel {
  @Field(() => ID)
  id: string;

  @Field()
  period: string;

  @Field(() => ReportStatus)
  status: ReportStatus;

  @Field(() => Int, { description: 'Latest submitted version (0 while only a draft exists)' })
  version: number;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true })
  submittedBy: string | null;

  @Field({ description: 'The first submission came after the due date' })
  late: boolean;

  @Field(() => DateScalar, { description: 'Hạn gửi báo cáo / the due date' })
  dueDate: string;

  @Field(() => Date, { nullable: true })
  firstSubmittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Ý kiến khi tiếp nhận / trả lại' })
  reviewComment: string | null;

  @Field(() => String, { nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  /** For the field resolvers. */
  unitCode: string;
  unitDate: string;
  rootCode: string;
  districtCode: string | null;

  static from(view: ReportView, catalogue: ReadonlyMap<string, MetricEntity>, unitDate: string): QuarterlyReportModel {
    const { report: r, shown } = view;
    const draft = r.status === 'DRAFT';
    return Object.assign(new QuarterlyReportModel(), {
      id: r.id,
      period: r.period,
      status: r.status,
      version: shown?.version ?? r.version,
      values: metricValues(draft ? (r.draftValues ?? []) : (shown?.values ?? []), catalogue),
      highlights: draft ? r.draftHighlights : (shown?.highlights ?? null),
      shortcomings: draft ? r.draftShortcomings : (shown?.shortcomings ?? null),
      proposals: draft ? r.draftProposals : (shown?.proposals ?? null),
      submittedAt: shown?.submittedAt ?? null,
      submittedBy: shown?.submittedBy ?? null,
      late: r.late,
      dueDate: r.dueDate,
      firstSubmittedAt: r.firstSubmittedAt,
      reviewComment: r.reviewComment,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt,
      findings: view.findings,
      unitCode: r.unitCode,
      unitDate,
      rootCode: r.rootCode,
      districtCode: r.districtCode,
    });
  }
}

@ObjectType('ReportingPeriod', { description: 'Kỳ báo cáo và hạn gửi / a reporting quarter and its deadline' })
export class ReportingPeriodModel {
  @Field()
  period: string;

  @Field(() => DateScalar)
  dueDate: string;

  @Field({ description: 'Nhãn tiếng Việt, e.g. "Quý I/2024"' })
  label: string;

  @Field()
  labelEn: string;

  @Field(() => DateScalar, { description: 'The deadline when the city sets none: the 10th day after the quarter ends' })
  defaultDueDate: string;
}
