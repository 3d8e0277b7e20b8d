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
    const { user, ...pair } = await this.auth.login(ctx, username, password);
    return { ...pair, user: UserModel.from(user) };
  }

  // Public: the refresh token is the credential (the access token has usually expired by then). Both APIs answer it,
  // as both answer login: one auth schema behind them.
  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Gia hạn phiên / a new token pair for a refresh token, which is used up' })
  async refreshToken(@Args('refreshToken') refreshToken: string): Promise<AuthPayloadModel> {
    const { user, ...pair } = await this.auth.refresh(refreshToken);
    return { ...pair, user: UserModel.from(user) };
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Đăng xuất / sign out: the refresh token, and every one renewed from the same sign-in, end' })
  async logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    await this.auth.logout(refreshToken);
    return true;
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
