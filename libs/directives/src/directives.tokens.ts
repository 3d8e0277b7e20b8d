/** The city-side connection: the default one in city-api, the 'city' one in the worker. */
export const DIRECTIVES_CITY_DB = Symbol('DIRECTIVES_CITY_DB');
