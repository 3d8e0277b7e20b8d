import { dayBefore, LIST_SIZES, Permission } from '@council/core';
import { Allow, type GraphQLContext, ListSize } from '@council/server';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { CouncilUnitModel } from './council-unit.model.js';
import { HierarchyLoaders } from './hierarchy.loaders.js';
import { linkModel, ReorganisationEventModel, ReorganisedUnitModel, reorganisedUnitModel, UnitLinkModel } from './reorganisation.models.js';
import { ReorganisationService } from './reorganisation.service.js';

@Resolver(() => ReorganisationEventModel)
export class ReorganisationResolver {
  constructor(
    private readonly reorganisations: ReorganisationService,
    private readonly loaders: HierarchyLoaders,
  ) {}

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.reorganisations)
  @Query(() => [ReorganisationEventModel], {
    description: 'Các đợt sắp xếp đơn vị hành chính, cũ trước / the reorganisations of administrative units, oldest first',
  })
  reorganisationEvents(): Promise<ReorganisationEventModel[]> {
    return this.reorganisations.events();
  }

  @Allow(Permission.ReadReference)
  @ListSize(({ args }) => (args.code ? LIST_SIZES.codeLinks : LIST_SIZES.eventLinks), 'code')
  @ResolveField(() => [UnitLinkModel], { description: 'Các liên kết cũ → mới / its links old → new' })
  async links(
    @Parent() event: ReorganisationEventModel,
    @Context() context: GraphQLContext,
    @Args('code', {
      type: () => String,
      nullable: true,
      description: 'Chỉ các liên kết có mã này ở một đầu / only the links with this code at either end',
    })
    code?: string | null,
  ): Promise<UnitLinkModel[]> {
    const rows = await this.loaders.eventLinks(context).load(event.id);
    return rows.filter((r) => !code || r.fromCode === code || r.toCode === code).map(linkModel);
  }

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.endedUnits)
  @ResolveField(() => [ReorganisedUnitModel], {
    description:
      'Đơn vị kết thúc ngày này mà không có đơn vị kế thừa: bị bãi bỏ (cấp huyện ngày 01/07/2025) hoặc chưa ghi liên kết / units that ended on this day with no successor: abolished (the districts on 2025-07-01) or a link not yet recorded',
  })
  async endedWithoutSuccessor(
    @Parent() event: ReorganisationEventModel,
    @Context() context: GraphQLContext,
  ): Promise<ReorganisedUnitModel[]> {
    const rows = await this.loaders.eventEndedWithoutSuccessor(context).load(event.id);
    return rows.map((r) => reorganisedUnitModel(r, dayBefore(event.effectiveDate)));
  }
}

@Resolver(() => ReorganisedUnitModel)
export class ReorganisedUnitResolver {
  constructor(private readonly loaders: HierarchyLoaders) {}

  @Allow(Permission.ReadReference)
  @ResolveField(() => CouncilUnitModel, {
    nullable: true,
    description:
      'Đơn vị trong cây đơn vị hành chính ngày mô tả (mã đó, ngày đó): cấp trên, HĐND… / the unit in the hierarchy on asOf (that code on that day): its parent, its council…',
  })
  async councilUnit(@Parent() unit: ReorganisedUnitModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel | null> {
    const found = await this.loaders.unit(context, unit.asOf).load(unit.code);
    return found ? CouncilUnitModel.from(found, unit.asOf) : null;
  }
}
