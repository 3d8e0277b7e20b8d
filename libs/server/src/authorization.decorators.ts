import type { Permission } from '@council/core';
import { SetMetadata } from '@nestjs/common';
import { Extensions } from '@nestjs/graphql';

export const PUBLIC_KEY = 'council:public';
export const PERMISSIONS_KEY = 'council:permissions';

/**
 * What a GraphQL field carries in its schema extensions: who may resolve it. test/field-authorization reads these off
 * the built schema to prove every field guarded, and to list what each role can reach.
 */
export interface FieldAuthorization {
  public?: true;
  permissions?: Permission[];
}
export const AUTHORIZATION_EXTENSION = 'authorization';

type Decorator = ClassDecorator & MethodDecorator;

/** Sets the guard's metadata and, on a resolver method, the same in the field's schema extensions. */
function declare(key: string, value: unknown, authorization: FieldAuthorization): Decorator {
  return ((target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      SetMetadata(key, value)(target, propertyKey!, descriptor);
      Extensions({ [AUTHORIZATION_EXTENSION]: authorization })(target, propertyKey!);
    } else SetMetadata(key, value)(target as () => void);
  }) as Decorator;
}

/** Open to anyone, signed in or not (login, health). Everything else is denied unless it says `@Allow`. */
export const Public = () => declare(PUBLIC_KEY, true, { public: true });

/**
 * The caller needs at least one of these permissions. Which units it may touch is checked by the service. Field
 * resolvers need it too (the guard runs on them): a nested field is refused what its own root query would refuse.
 */
export const Allow = (...permissions: Permission[]) => declare(PERMISSIONS_KEY, permissions, { permissions });
