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

  /** Resolved to `unit: CouncilUnit!` by the field resolver. */
  unitCode: string;

  static from(e: Pick<UserEntity, 'username' | 'role' | 'displayName' | 'active' | 'unitCode'>): UserModel {
    return Object.assign(new UserModel(), {
      username: e.username,
      role: e.role,
      displayName: e.displayName,
      active: e.active,
      unitCode: e.unitCode,
    });
  }
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field()
  accessToken: string;

  @Field()
  expiresAt: Date;

  @Field(() => UserModel)
  user: UserModel;
}
