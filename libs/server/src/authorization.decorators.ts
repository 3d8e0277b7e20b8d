import type { Permission } from '@council/core';
import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'council:public';
export const PERMISSIONS_KEY = 'council:permissions';

/** Open to anyone, signed in or not (login, health). Everything else is denied unless it says `@Allow`. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller needs at least one of these permissions. Which units it may touch is checked by the service. */
export const Allow = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_KEY, permissions);
