/** The worker's connection to the city database, beside its default one to the district's. */
export const SYNC_CITY_DB = Symbol('SYNC_CITY_DB');
