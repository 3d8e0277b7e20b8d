import { UserModel } from '@council/auth';
import { ListSize } from '@council/server';
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('UserPage', { description: 'Một trang danh sách người dùng / one page of users' })
export class UserPageModel {
  @Field(() => Int, { description: 'How many users match, on every page' })
  total: number;

  @ListSize(({ parent }) => (parent?.args.limit as number | undefined) ?? 50, 'limit')
  @Field(() => [UserModel])
  items: UserModel[];
}

@ObjectType('UserCredentials')
export class UserCredentialsModel {
  @Field(() => UserModel)
  user: UserModel;

  @Field(() => String, {
    nullable: true,
    description: 'The password the server generated, shown this once (null when the administrator chose one)',
  })
  generatedPassword: string | null;
}
