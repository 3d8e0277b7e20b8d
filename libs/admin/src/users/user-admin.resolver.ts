import { Ctx, type RequestContext, UserModel } from '@council/auth';
import { Permission } from '@council/core';
import { AdminAuditEntryModel, AUDIT_DEFAULT_LIMIT, AuditService } from '@council/reporting';
import { Allow, ListSize } from '@council/server';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';

import { CreateUserInput, UpdateUserInput, UserFilterInput } from './user-admin.input.js';
import { UserCredentialsModel, UserPageModel } from './user-admin.model.js';
import { UserAdminService } from './user-admin.service.js';

/** Administration of accounts: the city's administrators only (ManageUsers), refused to everyone else. */
@Resolver()
export class UserAdminResolver {
  constructor(
    private readonly accounts: UserAdminService,
    private readonly audit: AuditService,
  ) {}

  @Allow(Permission.ManageUsers)
  @Query(() => UserPageModel, { description: 'Người dùng (quản trị) / users, by name, filtered and paged' })
  async users(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => UserFilterInput, nullable: true }) filter?: UserFilterInput,
    @Args('offset', { type: () => Int, nullable: true, defaultValue: 0 }) offset = 0,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 50 }) limit = 50,
  ): Promise<UserPageModel> {
    const page = await this.accounts.list(ctx, filter, offset, limit);
    return { total: page.total, items: page.items.map((u) => UserModel.from(u)) };
  }

  @Allow(Permission.ManageUsers)
  @Mutation(() => UserCredentialsModel, { description: 'Tạo người dùng / create a user (a password is generated when none is given)' })
  async createUser(@Ctx() ctx: RequestContext, @Args('input') input: CreateUserInput): Promise<UserCredentialsModel> {
    const { user, generatedPassword } = await this.accounts.create(ctx, input);
    return { user: UserModel.from(user), generatedPassword };
  }

  @Allow(Permission.ManageUsers)
  @Mutation(() => UserModel, { description: 'Đổi tên hiển thị, vai trò, đơn vị / change a user’s display name, role or unit' })
  async updateUser(
    @Ctx() ctx: RequestContext,
    @Args('username') username: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserModel> {
    return UserModel.from(await this.accounts.update(ctx, username, input));
  }

  @Allow(Permission.ManageUsers)
  @Mutation(() => UserModel, {
    description: 'Khóa hoặc mở khóa tài khoản / disable or re-enable a user (a disabled user’s tokens are refused at once)',
  })
  async setUserActive(@Ctx() ctx: RequestContext, @Args('username') username: string, @Args('active') active: boolean): Promise<UserModel> {
    return UserModel.from(await this.accounts.setActive(ctx, username, active));
  }

  @Allow(Permission.ManageUsers)
  @Mutation(() => UserCredentialsModel, {
    description: 'Đặt lại mật khẩu / reset a password (generated when none is given); earlier sessions end',
  })
  async resetUserPassword(
    @Ctx() ctx: RequestContext,
    @Args('username') username: string,
    @Args('password', { type: () => String, nullable: true }) password?: string | null,
  ): Promise<UserCredentialsModel> {
    const { user, generatedPassword } = await this.accounts.resetPassword(ctx, username, password);
    return { user: UserModel.from(user), generatedPassword };
  }

  @Allow(Permission.ManageUsers)
  @Mutation(() => UserModel, {
    description:
      'Đăng xuất người dùng khỏi mọi thiết bị / sign a user out everywhere: refresh tokens revoked, tokens in hand refused, open screens closed',
  })
  async revokeUserSessions(@Ctx() ctx: RequestContext, @Args('username') username: string): Promise<UserModel> {
    return UserModel.from(await this.accounts.revokeSessions(ctx, username));
  }

  @Allow(Permission.ReadAudit)
  @ListSize(({ args }) => (args.limit as number | undefined) ?? AUDIT_DEFAULT_LIMIT, 'limit')
  @Query(() => [AdminAuditEntryModel], {
    description: 'Nhật ký quản trị, mới nhất trước / administrators’ changes, newest first (subject "user:linh", or a kind "user:")',
  })
  async adminAuditLog(
    @Ctx() ctx: RequestContext,
    @Args('subject', { type: () => String, nullable: true }) subject?: string | null,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<AdminAuditEntryModel[]> {
    return this.audit.listAdmin(ctx, { subject, limit });
  }
}
