import { Ctx, type RequestContext } from '@council/auth';
import { Permission } from '@council/core';
import { CouncilTermModel } from '@council/hierarchy';
import { Allow } from '@council/server';
import { Args, Mutation, Resolver } from '@nestjs/graphql';

import { SetCouncilTermInput } from './council-term-admin.input.js';
import { CouncilTermAdminService } from './council-term-admin.service.js';

@Resolver()
export class CouncilTermAdminResolver {
  constructor(private readonly terms: CouncilTermAdminService) {}

  @Allow(Permission.ManageCatalogue)
  @Mutation(() => CouncilTermModel, {
    description:
      'Đặt một nhiệm kỳ của HĐND: khóa và ngày (quản trị viên; có nhật ký) / set a term of a council: its number and dates (administrators; audited)',
  })
  async setCouncilTerm(@Ctx() ctx: RequestContext, @Args('input') input: SetCouncilTermInput): Promise<CouncilTermModel> {
    return CouncilTermModel.from(await this.terms.set(ctx, input));
  }
}
