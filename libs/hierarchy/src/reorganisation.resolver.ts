import { LIST_SIZES, Permission } from '@council/core';
import { Allow, type GraphQLContext, ListSize } from '@council/server';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { HierarchyLoaders } from './hierarchy.loaders.js';
import { linkModel, ReorganisationEventModel, UnitLinkModel } from './reorganisation.models.js';
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
}
