import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CouncilUnitEntity } from './council-unit.entity.js';
import { CouncilUnitResolver } from './council-unit.resolver.js';
import { HierarchyLoaders } from './hierarchy.loaders.js';
import { HierarchyService } from './hierarchy.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CouncilUnitEntity])],
  providers: [HierarchyService, HierarchyLoaders, CouncilUnitResolver],
  exports: [HierarchyService, HierarchyLoaders],
})
export class HierarchyModule {}
