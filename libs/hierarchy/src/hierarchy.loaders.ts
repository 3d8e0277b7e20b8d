import { type GraphQLContext, requestLoader } from '@council/server';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';

import { type CouncilTermRow, CouncilTermService } from './council-term.service.js';
import type { CouncilUnitEntity } from './council-unit.entity.js';
import { CouncilUnitModel } from './council-unit.model.js';
import { HierarchyService, todayInVietnam } from './hierarchy.service.js';
import type { ReorganisedUnitRow, UnitLinkRow } from './reorganisation.models.js';
import { ReorganisationService } from './reorganisation.service.js';

/**
 * Per-request loaders, so `children` of 30 districts is one query, not 30.
 * Keys carry the as-of date: a unit's children depend on when you ask.
 */
@Injectable()
export class HierarchyLoaders {
  constructor(
    private readonly hierarchy: HierarchyService,
    private readonly reorganisations: ReorganisationService,
    private readonly terms: CouncilTermService,
  ) {}

  /** The terms of councils, by code: the units of a list in one statement. */
  councilTerms(context: GraphQLContext): DataLoader<string, CouncilTermRow[]> {
    return requestLoader(context, 'hierarchy.councilTerms', () => new DataLoader((codes: readonly string[]) => this.terms.termsOf(codes)));
  }

  /** The links of events, by event id: every event's in one statement. */
  eventLinks(context: GraphQLContext): DataLoader<string, UnitLinkRow[]> {
    return requestLoader(
      context,
      'hierarchy.eventLinks',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const byEvent = await this.reorganisations.linksOfEvents(ids);
          return ids.map((id) => byEvent.get(id) ?? []);
        }),
    );
  }

  /** The units each event ended without a successor, by event id: every event's in one statement. */
  eventEndedWithoutSuccessor(context: GraphQLContext): DataLoader<string, ReorganisedUnitRow[]> {
    return requestLoader(
      context,
      'hierarchy.eventEndedWithoutSuccessor',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const byEvent = await this.reorganisations.endedWithoutSuccessor(ids);
          return ids.map((id) => byEvent.get(id) ?? []);
        }),
    );
  }

  /** The links into or out of units, each named by code and day (`<code>@<day>`): the units of a list in one statement. */
  unitLinks(context: GraphQLContext, direction: 'predecessors' | 'successors'): DataLoader<string, UnitLinkRow[]> {
    return requestLoader(
      context,
      `hierarchy.${direction}`,
      () =>
        new DataLoader((keys: readonly string[]) =>
          this.reorganisations.linksOfUnits(
            direction,
            keys.map((k) => {
              const [code, day] = k.split('@');
              return { code, day };
            }),
          ),
        ),
    );
  }

  children(context: GraphQLContext, asOf: string): DataLoader<string, CouncilUnitEntity[]> {
    return requestLoader(
      context,
      `hierarchy.children@${asOf}`,
      () =>
        new DataLoader(async (parents: readonly string[]) => {
          const byParent = await this.hierarchy.childrenOf(parents, asOf);
          return parents.map((p) => byParent.get(p) ?? []);
        }),
    );
  }

  unit(context: GraphQLContext, asOf: string): DataLoader<string, CouncilUnitEntity | null> {
    return requestLoader(
      context,
      `hierarchy.unit@${asOf}`,
      () =>
        new DataLoader(async (codes: readonly string[]) => {
          const found = new Map((await this.hierarchy.findByCodes(codes, asOf)).map((u) => [u.code, u]));
          return codes.map((c) => found.get(c) ?? null);
        }),
    );
  }

  /** A `unit` field of any type: the unit as of a date (default today), batched per request. A code that names no unit is a server fault. */
  async unitModel(context: GraphQLContext, code: string, asOf = todayInVietnam()): Promise<CouncilUnitModel> {
    const unit = await this.unit(context, asOf).load(code);
    if (!unit) throw new Error(`no unit ${code} as of ${asOf}`);
    return CouncilUnitModel.from(unit, asOf);
  }
}
