import { Role } from '@council/core';
import { Field, InputType } from '@nestjs/graphql';

@InputType('UserFilter')
export class UserFilterInput {
  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'A unit: its own users and those of the units under it' })
  unitCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the user name or display name' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field({ description: 'Lower-case letters, digits, . _ -; a letter first; 3–64 characters' })
  username: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Role)
  role: Role;

  @Field(() => String, {
    nullable: true,
    description: 'DISTRICT_STAFF: a district; WARD_STAFF: a commune with a council; city roles: none (the city)',
  })
  unitCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Omitted: one is generated and returned once in generatedPassword' })
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'Where notifications are mailed; omitted: none' })
  email?: string | null;
}

@InputType('UpdateUserInput')
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Role, { nullable: true, description: 'Omitted: unchanged' })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'Omitted: unchanged (a city role always has the city)' })
  unitCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Where notifications are mailed; omitted: unchanged; empty: none' })
  email?: string | null;
}
