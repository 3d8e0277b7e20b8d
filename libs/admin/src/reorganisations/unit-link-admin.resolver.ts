import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { linkModel, UnitLinkModel } from '@council/hierarchy';
import { Allow } from '@council/server';
import { Args, Mutation, Resolver } from '@nestjs/graphql';

import { RecordUnitLinkInput } from './unit-link-admin.input.js';
import { UnitLinkAdminService } from './unit-link-admin.service.js';

@Resolver()
export class UnitLinkAdminResolver {
  constructor(private readonly links: UnitLinkAdminService) {}

  @Allow(Permission.ManageCatalogue)
  @Mutation(() => UnitLinkModel, {
    description:
      'Ghi liên kết đơn vị cũ → mới còn thiếu (quản trị viên; có nhật ký) / record a missing link from an old unit to a new one (administrators; audited)',
  })
  async recordUnitLink(@Ctx() ctx: RequestContext, @Args('input') input: RecordUnitLinkInput): Promise<UnitLinkModel> {
    return linkModel(await this.links.record(ctx, input));
  }
}
