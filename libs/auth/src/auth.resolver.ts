import { Permission } from '@council/core';
import { CouncilUnitModel, HierarchyLoaders } from '@council/hierarchy';
import { Allow, type GraphQLContext, Public } from '@council/server';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { AuthService } from './auth.service.js';
import { Ctx } from './ctx.decorator.js';
import type { RequestContext } from './request-context.js';
import { AuthPayloadModel, UserModel } from './user.model.js';

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly loaders: HierarchyLoaders,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Đăng nhập / sign in' })
  async login(
    @Ctx() ctx: RequestContext,
    @Args('username') username: string,
    @Args('password') password: string,
  ): Promise<AuthPayloadModel> {
    const { accessToken, expiresAt, user } = await this.auth.login(ctx, username, password);
    return { accessToken, expiresAt, user: UserModel.from(user) };
  }

  @Allow(Permission.Authenticated)
  @Query(() => UserModel, { description: 'Người dùng hiện tại / the signed-in user' })
  async me(@Ctx() ctx: RequestContext): Promise<UserModel> {
    return UserModel.from(await this.auth.findUser(ctx));
  }

  // Also in login's answer, which comes before any token: reachable only through me, login and the admin's users.
  @Public()
  @ResolveField(() => CouncilUnitModel)
  async unit(@Parent() user: UserModel, @Context() context: GraphQLContext): Promise<CouncilUnitModel> {
    return this.loaders.unitModel(context, user.unitCode);
  }
}
