import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CouncilTermService } from './council-term.service.js';
import { CouncilUnitEntity } from './council-unit.entity.js';
import { CouncilUnitResolver } from './council-unit.resolver.js';
import { HierarchyLoaders } from './hierarchy.loaders.js';
import { HierarchyService } from './hierarchy.service.js';
import { UnitIdentityEntity } from './reorganisation.entities.js';
import { ReorganisationResolver, ReorganisedUnitResolver } from './reorganisation.resolver.js';
import { ReorganisationService } from './reorganisation.service.js';

@Module({
  // UnitIdentityEntity: the identity that unit versions, reports and accounts name by foreign key (issue 14).
  imports: [TypeOrmModule.forFeature([CouncilUnitEntity, UnitIdentityEntity])],
  providers: [
    HierarchyService,
    HierarchyLoaders,
    ReorganisationService,
    CouncilTermService,
    CouncilUnitResolver,
    ReorganisationResolver,
    ReorganisedUnitResolver,
  ],
  exports: [HierarchyService, HierarchyLoaders, ReorganisationService, CouncilTermService],
})
export class HierarchyModule {}
