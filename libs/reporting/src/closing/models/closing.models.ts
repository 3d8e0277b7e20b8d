import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

import { ReopenStatus } from '../reopen-request.entity.js';

registerEnumType(ReopenStatus, {
  name: 'ReopenStatus',
  description: 'PENDING (chờ xem xét), GRANTED (đã cho mở lại), REFUSED (không đồng ý)',
});

@ObjectType('QuarterClosure', { description: 'Một lần khoá sổ quý / a quarter closed for a scope' })
export class QuarterClosureModel {
  @Field(() => ID)
  id: string;

  @Field()
  period: string;

  @Field({ description: 'Phạm vi: mã thành phố (toàn thành phố) hoặc mã quận, huyện / the city or one district' })
  scopeCode: string;

  @Field()
  closedAt: Date;

  @Field()
  closedBy: string;

  @Field({ description: 'manual (Văn phòng HĐND thành phố khoá) hoặc meeting:<id> (hội nghị giao ban đã họp)' })
  source: string;
}

@ObjectType('ReopenRequest', { description: 'Đề nghị mở lại báo cáo của quý đã khoá sổ / a request to reopen a closed quarter’s report' })
export class ReopenRequestModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  reportId: string;

  @Field()
  unitCode: string;

  @Field()
  period: string;

  @Field(() => ReopenStatus)
  status: ReopenStatus;

  @Field({ description: 'Lý do / why' })
  reason: string;

  @Field()
  requestedBy: string;

  @Field()
  requestedAt: Date;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Ý kiến của cấp trên / the decider’s note' })
  note: string | null;

  @Field(() => Date, { nullable: true, description: 'Hết hiệu lực mở lại: báo cáo đã được tiếp nhận lại / the grant used up' })
  endedAt: Date | null;
}

@ObjectType('ReportClosure', { description: 'Báo cáo so với việc khoá sổ quý / where the report stands against its quarter’s closing' })
export class ReportClosureModel {
  @Field({ description: 'Quý đã khoá sổ cho báo cáo này / the quarter is closed for this report' })
  closed: boolean;

  @Field({ description: 'Được mở lại: lưu, gửi và xem xét được / a granted reopening is in force' })
  reopened: boolean;

  @Field({ description: 'Lưu, gửi được / saving and submitting are allowed' })
  writable: boolean;

  @Field(() => QuarterClosureModel, { nullable: true, description: 'Lần khoá sổ mới nhất áp dụng / the latest closure covering it' })
  closure: QuarterClosureModel | null;
}
