import { Role } from '@council/core';
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

import type { UserEntity } from './user.entity.js';

registerEnumType(Role, { name: 'Role', description: 'Vai trò / role' });

@ObjectType('User')
export class UserModel {
  @Field()
  username: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true, description: 'Tên hiển thị / display name' })
  displayName: string | null;

  @Field({ description: 'Đang hoạt động / may sign in (false: disabled by an administrator)' })
  active: boolean;

  @Field(() => String, { nullable: true, description: 'Thư điện tử nhận thông báo / where notifications are mailed' })
  email: string | null;

  /** Resolved to `unit: CouncilUnit!` by the field resolver. */
  unitCode: string;

  static from(e: Pick<UserEntity, 'username' | 'role' | 'displayName' | 'active' | 'unitCode'> & { email?: string | null }): UserModel {
    return Object.assign(new UserModel(), {
      username: e.username,
      role: e.role,
      displayName: e.displayName,
      active: e.active,
      unitCode: e.unitCode,
      email: e.email ?? null,
    });
  }
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Sent as `Authorization: Bearer …`; lasts ACCESS_TOKEN_TTL_SECONDS (15 minutes)' })
  accessToken: string;

  @Field({ description: 'When the access token expires: renew it with refreshToken before or after' })
  expiresAt: Date;

  @Field({ description: 'Renews the pair once (refreshToken mutation); a used one presented again ends the sign-in' })
  refreshToken: string;

  @Field({ description: 'When the sign-in ends however often it is renewed (REFRESH_TOKEN_TTL_SECONDS)' })
  refreshExpiresAt: Date;

  @Field(() => UserModel)
  user: UserModel;
}
