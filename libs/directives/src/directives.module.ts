import { AuthModule } from '@council/auth';
import { HierarchyModule } from '@council/hierarchy';
import { OutboxNotifier } from '@council/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';

import { AssignmentResolver } from './assignment.resolver.js';
import { AssignmentsService } from './assignments.service.js';
import { CITY_DIRECTIVE_ENTITIES, DISTRICT_DIRECTIVE_ENTITIES } from './directive.entities.js';
import { AssignmentViewResolver, DirectiveResolver } from './directive.resolver.js';
import { DirectivesService } from './directives.service.js';
import { DIRECTIVES_CITY_DB } from './directives.tokens.js';
import { AssignmentsChangedProcessor } from './jobs/assignments-changed.processor.js';
import { DirectiveIssuedProcessor } from './jobs/directive-issued.processor.js';
import { MarkOverdueProcessor } from './jobs/mark-overdue.processor.js';

/** Directives: issued and tracked on the city side, carried out on the district side. */
@Module({})
export class DirectivesModule {
  static forCityApi(): DynamicModule {
    return {
      module: DirectivesModule,
      imports: [TypeOrmModule.forFeature(CITY_DIRECTIVE_ENTITIES), AuthModule, HierarchyModule],
      providers: [OutboxNotifier, DirectivesService, DirectiveResolver, AssignmentViewResolver],
      exports: [DirectivesService],
    };
  }

  static forDistrictApi(): DynamicModule {
    return {
      module: DirectivesModule,
      imports: [TypeOrmModule.forFeature(DISTRICT_DIRECTIVE_ENTITIES), AuthModule, HierarchyModule],
      providers: [OutboxNotifier, AssignmentsService, AssignmentResolver],
    };
  }

  /** sync-worker: the fan-out and the overdue job (district connection), the city's view (its 'city' connection). */
  static forWorker(cityDataSource: string): DynamicModule {
    return {
      module: DirectivesModule,
      imports: [
        TypeOrmModule.forFeature(DISTRICT_DIRECTIVE_ENTITIES),
        TypeOrmModule.forFeature(CITY_DIRECTIVE_ENTITIES, cityDataSource),
        AuthModule,
        HierarchyModule,
      ],
      providers: [
        { provide: DIRECTIVES_CITY_DB, useExisting: getDataSourceToken(cityDataSource) },
        OutboxNotifier,
        AssignmentsService,
        DirectiveIssuedProcessor,
        AssignmentsChangedProcessor,
        MarkOverdueProcessor,
      ],
    };
  }
}
