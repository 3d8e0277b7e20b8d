import { CouncilLevel, LIST_SIZES, Permission, unitsEstimate } from '@council/core';
import { Allow, DateScalar, type GraphQLContext, ListSize } from '@council/server';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { CouncilTermModel } from './council-term.model.js';
import { CouncilUnitModel } from './council-unit.model.js';
import { HierarchyLoaders } from './hierarchy.loaders.js';
import { HierarchyService, todayInVietnam } from './hierarchy.service.js';
import { linkModel, UnitLinkModel } from './reorganisation.models.js';

/** A code names a unit only together with a date: 00008 was Phường Liễu Giai until 2025-06-30. */
const AS_OF = 'Ngày tra cứu (mặc định hôm nay, giờ Việt Nam) / the date the units are read at (default: today in Vietnam)';

@Resolver(() => CouncilUnitModel)
export class CouncilUnitResolver {
  constructor(
    private readonly hierarchy: HierarchyService,
    private readonly loaders: HierarchyLoaders,
  ) {}

  @Allow(Permission.ReadReference)
  @Query(() => CouncilUnitModel, { nullable: true, description: 'Một đơn vị theo mã GSO / one unit by GSO code' })
  async councilUnit(
    @Args('code') code: string,
    @Args('asOf', { type: () => DateScalar, nullable: true, description: AS_OF }) asked?: string | null,
  ): Promise<CouncilUnitModel | null> {
    // An explicit null is "today" too (a default parameter only replaces undefined).
    const asOf = asked ?? todayInVietnam();
    const unit = await this.hierarchy.findByCode(code, asOf);
    return unit ? CouncilUnitModel.from(unit, asOf) : null;
  }

  @Allow(Permission.ReadReference)
  @ListSize(
    // No level and no parent: every unit of the tree.
    ({ args }) => (args.parentCode ? LIST_SIZES.children : args.level ? unitsEstimate(args.level as CouncilLevel) : LIST_SIZES.units),
    'level',
    'parentCode',
  )
  @Query(() => [CouncilUnitModel], { description: 'Các đơn vị theo cấp và/hoặc đơn vị cha / units by level and/or parent' })
  async councilUnits(
    @Args('level', { type: () => CouncilLevel, nullable: true }) level?: CouncilLevel,
    @Args('parentCode', { nullable: true }) parentCode?: string,
    @Args('asOf', { type: () => DateScalar, nullable: true, description: AS_OF }) asked?: string | null,
  ): Promise<CouncilUnitModel[]> {
    const asOf = asked ?? todayInVietnam();
    if (parentCode) await this.hierarchy.requireByCode(parentCode, 'parentCode', asOf);
    const units = await this.hierarchy.list({ level, parentCode }, asOf);
    return units.map((u) => CouncilUnitModel.from(u, asOf));
  }

  @Allow(Permission.ReadReference)
  @ResolveField(() => DateScalar, {
    nullable: true,
    description:
      'Ngày đơn vị chấm dứt (nhập, chia, giải thể) / the day this unit itself ended (merged, split, abolished); null while it stands. validTo ends a form only: a rename or a move ends one too',
  })
  async endsOn(@Parent() unit: CouncilUnitModel): Promise<string | null> {
    return this.hierarchy.identityEnd(unit.code, unit.asOf);
  }

  @Allow(Permission.ReadReference)
  @ResolveField(() => CouncilUnitModel, { nullable: true })
  async parent(@Parent() unit: CouncilUnitModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel | null> {
    if (!unit.parentCode) return null;
    const parent = await this.loaders.unit(context, unit.asOf).load(unit.parentCode);
    return parent ? CouncilUnitModel.from(parent, unit.asOf) : null;
  }

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.children)
  @ResolveField(() => [CouncilUnitModel])
  async children(@Parent() unit: CouncilUnitModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel[]> {
    const children = await this.loaders.children(context, unit.asOf).load(unit.code);
    return children.map((c) => CouncilUnitModel.from(c, unit.asOf));
  }

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.unitLinks)
  @ResolveField(() => [UnitLinkModel], {
    description:
      'Đơn vị trước: các liên kết vào đơn vị mang mã này ngày tra cứu (FULL/PARTIAL) / the links into the unit that bore this code on asOf',
  })
  async predecessors(@Parent() unit: CouncilUnitModel, @Context() context: GraphQLContext): Promise<UnitLinkModel[]> {
    return (await this.loaders.unitLinks(context, 'predecessors').load(`${unit.code}@${unit.asOf}`)).map(linkModel);
  }

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.unitLinks)
  @ResolveField(() => [UnitLinkModel], {
    description: 'Đơn vị sau: các liên kết ra từ đơn vị mang mã này ngày tra cứu / the links out of the unit that bore this code on asOf',
  })
  async successors(@Parent() unit: CouncilUnitModel, @Context() context: GraphQLContext): Promise<UnitLinkModel[]> {
    return (await this.loaders.unitLinks(context, 'successors').load(`${unit.code}@${unit.asOf}`)).map(linkModel);
  }

  @Allow(Permission.ReadReference)
  @ListSize(LIST_SIZES.councilTerms)
  @ResolveField(() => [CouncilTermModel], {
    description: 'Các nhiệm kỳ của HĐND mang mã này, cũ trước / the terms of the council that bears this code, oldest first',
  })
  async terms(@Parent() unit: CouncilUnitModel, @Context() context: GraphQLContext): Promise<CouncilTermModel[]> {
    return (await this.loaders.councilTerms(context).load(unit.code)).map((t) => CouncilTermModel.from(t));
  }
}
