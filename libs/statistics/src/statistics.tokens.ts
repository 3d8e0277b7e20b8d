/** The DataSource of the city side: the default one in city-api, the 'city' one in the worker. */
export const CITY_DB = Symbol('CITY_DB');
