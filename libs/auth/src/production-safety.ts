import { type AppConfig, ConfigError } from '@council/core';
import { APP_CONFIG } from '@council/server';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { UserEntity } from './user.entity.js';

/**
 * In production, development seed users (whose password is a published
 * default) must not exist: refuse to start rather than serve with them.
 */
@Injectable()
export class ProductionSafety implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.production) return;
    const count = await this.users.countBy({ devSeed: true, active: true });
    if (count > 0) {
      throw new ConfigError([`${count} development seed users (default password) are active; remove them before running in production`]);
    }
  }
}
