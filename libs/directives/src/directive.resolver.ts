import { Ctx, type RequestContext } from '@council/auth';
import { AssignmentStatus, LIST_SIZES, Permission, vietnamDate } from '@council/core';
import { CouncilUnitModel, HierarchyLoaders } from '@council/hierarchy';
import { Allow, type GraphQLContext, groupedLoader, ListSize, oncePerParent, requestLoader } from '@council/server';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

import type { DirectiveEntity } from './directive.entities.js';
import { DirectivesService, type ProgressCounts } from './directives.service.js';
import { IssueDirectiveInput } from './dto/issue-directive.input.js';
import { issuedDayOf } from './issued-day.loader.js';
import { DirectiveAssignmentModel, DirectiveModel, DirectiveProgressModel, DistrictOverdueModel } from './models/directive.model.js';

function toModel(d: DirectiveEntity): DirectiveModel {
  return Object.assign(new DirectiveModel(), d);
}

/** city-api: issue directives and follow them to the last assignment. */
@Resolver(() => DirectiveModel)
export class DirectiveResolver {
  constructor(
    private readonly service: DirectivesService,
    private readonly units: HierarchyLoaders,
  ) {}

  @Allow(Permission.IssueDirectives)
  @Mutation(() => DirectiveModel, {
    description: 'Ban hành chỉ đạo / issue a directive (city staff to districts; district staff to their communes)',
  })
  async issueDirective(@Ctx() ctx: RequestContext, @Args('input') input: IssueDirectiveInput): Promise<DirectiveModel> {
    return toModel(await this.service.issue(ctx, input));
  }

  @Allow(Permission.IssueDirectives)
  @ListSize(LIST_SIZES.directives, 'overdue', 'status')
  @Query(() => [DirectiveModel], {
    description: 'Các chỉ đạo đã ban hành / directives issued (by the caller’s unit, or all for city staff)',
  })
  async directives(
    @Ctx() ctx: RequestContext,
    @Args('status', { type: () => AssignmentStatus, nullable: true }) status?: AssignmentStatus,
    @Args('overdue', { nullable: true }) overdue?: boolean,
  ): Promise<DirectiveModel[]> {
    return (await this.service.list(ctx, { status, overdue })).map(toModel);
  }

  @Allow(Permission.IssueDirectives)
  @Query(() => DirectiveModel, { nullable: true })
  async directive(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<DirectiveModel | null> {
    const d = await this.service.get(ctx, id);
    return d ? toModel(d) : null;
  }

  @Allow(Permission.IssueDirectives)
  @ListSize(LIST_SIZES.districts)
  @Query(() => [DistrictOverdueModel], {
    description: 'Nhiệm vụ quá hạn theo quận, huyện / open and overdue assignments per district, for the briefing',
  })
  async directiveOverdueByDistrict(@Ctx() ctx: RequestContext): Promise<DistrictOverdueModel[]> {
    return this.service.overdueByDistrict(ctx);
  }

  @Allow(Permission.IssueDirectives, Permission.ReadSummaries)
  @ResolveField(() => CouncilUnitModel)
  async issuedBy(@Parent() d: DirectiveModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.units.unitModel(context, d.issuedByUnit);
  }

  // The hall's screen lists a meeting's directives by title and progress; their text is for those who direct.
  @Allow(Permission.IssueDirectives)
  @ResolveField(() => String, { description: 'Nội dung chỉ đạo / the directive text' })
  body(@Parent() d: DirectiveModel): string {
    return d.body;
  }

  @Allow(Permission.IssueDirectives, Permission.ReadSummaries)
  @ResolveField(() => DirectiveProgressModel)
  async progress(@Parent() d: DirectiveModel, @Context() context: GraphQLContext): Promise<ProgressCounts> {
    const loader = requestLoader(
      context,
      'directives.progress',
      () =>
        new DataLoader<DirectiveModel, ProgressCounts, string>(
          async (list) => {
            const counts = await this.service.progress(list);
            return list.map((x) => counts.get(x.id)!);
          },
          { cacheKeyFn: (x) => x.id },
        ),
    );
    return oncePerParent(d, 'progress', () => loader.load(d));
  }

  @Allow(Permission.IssueDirectives)
  @ListSize(LIST_SIZES.children)
  @ResolveField(() => [DirectiveAssignmentModel], { description: 'The targets’ assignments (communes’ are their children)' })
  async assignments(@Parent() d: DirectiveModel, @Context() context: GraphQLContext): Promise<DirectiveAssignmentModel[]> {
    const loader = groupedLoader(
      context,
      'directives.top',
      (ids) => this.service.topAssignments(ids),
      (r) => r.directiveId,
    );
    const today = vietnamDate(new Date());
    return (await loader.load(d.id)).map((a) => DirectiveAssignmentModel.from(a, a.assignmentId, today));
  }
}

/** city-api: the city's view of an assignment (as the district side last reported it). */
@Resolver(() => DirectiveAssignmentModel)
export class AssignmentViewResolver {
  constructor(
    private readonly service: DirectivesService,
    private readonly units: HierarchyLoaders,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Allow(Permission.IssueDirectives, Permission.ReadSummaries)
  @ResolveField(() => CouncilUnitModel)
  async unit(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.units.unitModel(context, a.unitCode, await issuedDayOf(context, this.db, 'city.directive', a.directiveId));
  }

  @Allow(Permission.IssueDirectives)
  @ListSize(LIST_SIZES.children)
  @ResolveField(() => [DirectiveAssignmentModel])
  async children(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<DirectiveAssignmentModel[]> {
    const loader = groupedLoader(
      context,
      'directives.children',
      (ids) => this.service.childAssignments(ids),
      (r) => r.parentId,
    );
    const today = vietnamDate(new Date());
    return (await loader.load(a.id)).map((c) => DirectiveAssignmentModel.from(c, c.assignmentId, today));
  }
}
