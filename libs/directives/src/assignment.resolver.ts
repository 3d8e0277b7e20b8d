import { Ctx, type RequestContext } from '@council/auth';
import { AssignmentStatus, LIST_SIZES, Permission, vietnamDate } from '@council/core';
import { CouncilUnitModel, HierarchyLoaders } from '@council/hierarchy';
import { Allow, type GraphQLContext, groupedLoader, ListSize, requestLoader } from '@council/server';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

import { AssignmentsService } from './assignments.service.js';
import { type AssignmentEntity, DirectiveCopyEntity } from './directive.entities.js';
import { issuedDayOf } from './issued-day.loader.js';
import { AssignedDirectiveModel, AssignmentHistoryModel, DirectiveAssignmentModel } from './models/directive.model.js';

const model = (a: AssignmentEntity) => DirectiveAssignmentModel.from(a, a.id, vietnamDate(new Date()));

/** district-api: a unit's assignments and its work on them. */
@Resolver(() => DirectiveAssignmentModel)
export class AssignmentResolver {
  constructor(
    private readonly work: AssignmentsService,
    private readonly units: HierarchyLoaders,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Allow(Permission.WorkAssignments)
  @ListSize(LIST_SIZES.directives, 'status', 'unitCode')
  @Query(() => [DirectiveAssignmentModel], {
    description: 'Nhiệm vụ được giao / assignments of a unit (a district’s staff also see their communes’)',
  })
  async assignments(
    @Ctx() ctx: RequestContext,
    @Args('unitCode', { nullable: true }) unitCode?: string,
    @Args('status', { type: () => AssignmentStatus, nullable: true }) status?: AssignmentStatus,
  ): Promise<DirectiveAssignmentModel[]> {
    return (await this.work.list(ctx, { unitCode, status })).map(model);
  }

  @Allow(Permission.WorkAssignments)
  @Mutation(() => DirectiveAssignmentModel, { description: 'Tiếp nhận nhiệm vụ / acknowledge an assignment' })
  async acknowledgeAssignment(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<DirectiveAssignmentModel> {
    return model(await this.work.update(ctx, id, { status: AssignmentStatus.ACKNOWLEDGED }));
  }

  @Allow(Permission.WorkAssignments)
  @Mutation(() => DirectiveAssignmentModel, { description: 'Cập nhật tiến độ / move an assignment on, with a percentage and a note' })
  async updateAssignment(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => AssignmentStatus }) status: AssignmentStatus,
    @Args('progressPercent', { type: () => Int, nullable: true }) progressPercent?: number,
    @Args('note', { nullable: true }) note?: string,
    @Args('completionReason', { nullable: true, description: 'Needed to complete while communes’ assignments are still open (kept)' })
    completionReason?: string,
  ): Promise<DirectiveAssignmentModel> {
    return model(await this.work.update(ctx, id, { status, progressPercent, note, completionReason }));
  }

  @Allow(Permission.WorkAssignments)
  @ResolveField(() => CouncilUnitModel)
  async unit(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.units.unitModel(context, a.unitCode, await issuedDayOf(context, this.db, 'district.directive', a.directiveId));
  }

  @Allow(Permission.WorkAssignments)
  @ListSize(LIST_SIZES.children)
  @ResolveField(() => [DirectiveAssignmentModel])
  async children(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<DirectiveAssignmentModel[]> {
    const loader = groupedLoader(
      context,
      'assignments.children',
      (ids) => this.work.children(ids),
      (r) => r.parentId,
    );
    return (await loader.load(a.id)).map(model);
  }

  @Allow(Permission.WorkAssignments)
  @ListSize(LIST_SIZES.steps)
  @ResolveField(() => [AssignmentHistoryModel], { description: 'Mọi bước thực hiện / every step, oldest first' })
  async history(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<AssignmentHistoryModel[]> {
    const loader = groupedLoader(
      context,
      'assignments.history',
      (ids) => this.work.history(ids),
      (r) => r.assignmentId,
    );
    return (await loader.load(a.id)).map((h) => ({
      ...h,
      fromStatus: h.fromStatus as AssignmentStatus | null,
      toStatus: h.toStatus as AssignmentStatus,
    }));
  }

  @Allow(Permission.WorkAssignments)
  @ResolveField(() => AssignedDirectiveModel)
  async directive(@Parent() a: DirectiveAssignmentModel, @Context() context: GraphQLContext): Promise<AssignedDirectiveModel> {
    const loader = requestLoader(
      context,
      'assignments.directive',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const rows = await this.db
            .getRepository(DirectiveCopyEntity)
            .createQueryBuilder('d')
            .where('d.id IN (:...ids)', { ids: [...ids] })
            .getMany();
          return ids.map((id) => rows.find((r) => r.id === id)!);
        }),
    );
    return loader.load(a.directiveId);
  }
}
