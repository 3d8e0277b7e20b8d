import type { ApolloClient } from '@apollo/client';
import { quarterAt } from '@council/core/period.js';

import { CITY } from '../../app/apollo';
import { StatisticsCatalogueDocument, StatisticsTableDocument } from '../../gql/city/graphql';
import { readState, statisticsQuery, type StatisticsQueryVars } from './explorer-state';

/**
 * How long the prefetched answers count as the page's own first answers: the app's start, not a visit later on (the
 * explorer is not live; it asks again each time it is opened, and a view seen a while ago is refreshed as it shows).
 */
const FRESH_MS = 15_000;

let prefetched: { table: string; at: number } | null = null;

/**
 * The explorer opened from a link (a bookmark, a shared view): its figures and metric names are asked for as soon as
 * the app starts, beside the page's code rather than after it has loaded and rendered.
 * The page's own queries then take these answers, in flight or in the cache (same documents and variables), rather
 * than ask again (see usesPrefetch). Errors are the page's to show: here they are dropped, and the page asks again.
 */
export function prefetchExplorer(client: ApolloClient, search: string): void {
  const params = new URLSearchParams(search);
  if (!params.get('p')) return;
  const state = readState(params, quarterAt(new Date()).year);
  if (state.metrics.length === 0 || state.periods.length === 0) return;
  // The page's code and the chart's, fetched now rather than once the shell and the statistics tabs have run.
  void import('./ExplorerPage');
  void import('./StatisticsChart');
  const query = statisticsQuery(state);
  prefetched = { table: JSON.stringify(query), at: Date.now() };
  const quiet = () => undefined;
  client.query({ query: StatisticsCatalogueDocument, ...CITY }).catch(quiet);
  client.query({ query: StatisticsTableDocument, variables: { query }, ...CITY }).catch(quiet);
}

/**
 * Whether the page's first answers for this view are the prefetch's, asked for seconds ago as the app started: then
 * its queries read the cache first (or join the request in flight) instead of sending both again. The same answer for
 * every render that asks (React may render a page more than once before it shows); later on, or for another view, the
 * page asks the server as usual.
 */
export function usesPrefetch(query: StatisticsQueryVars): boolean {
  return prefetched !== null && prefetched.table === JSON.stringify(query) && Date.now() - prefetched.at < FRESH_MS;
}
