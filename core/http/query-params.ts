// Query parameters are parsed by the same helpers core routes and plugin routes use; a bad one
// is a RouteError, answered as the API's JSON 400.
export { intParam, timeParam } from '../plugin-api/query-params.ts';
