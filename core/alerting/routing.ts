// The routing tree: each node inherits its parent's receiver and timings; an alert walks down to
// the first matching child (or every matching child while `continue` is set).
import type { RouteConfig } from './config.ts';
import { matchesAll, type Labels, type Matcher } from './labels.ts';

export interface Route {
  /** Position in the tree (`0`, `0.1`, …): stable across restarts for the same config. */
  id: string;
  receiver: string;
  groupBy: string[] | 'all';
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
  matchers: Matcher[];
  continue: boolean;
  routes: Route[];
}

export const routeDefaults = { groupWait: 30_000, groupInterval: 300_000, repeatInterval: 4 * 3_600_000 };

export function buildRoute(cfg: RouteConfig, parent?: Route, id = '0'): Route {
  const groupBy = cfg.group_by ? (cfg.group_by.includes('...') ? 'all' : cfg.group_by) : (parent?.groupBy ?? []);
  const route: Route = {
    id,
    receiver: cfg.receiver ?? parent?.receiver ?? '',
    groupBy,
    groupWait: cfg.group_wait ?? parent?.groupWait ?? routeDefaults.groupWait,
    groupInterval: cfg.group_interval ?? parent?.groupInterval ?? routeDefaults.groupInterval,
    repeatInterval: cfg.repeat_interval ?? parent?.repeatInterval ?? routeDefaults.repeatInterval,
    matchers: cfg.matchers,
    continue: cfg.continue,
    routes: [],
  };
  route.routes = cfg.routes.map((c, i) => buildRoute(c, route, `${id}.${i}`));
  return route;
}

/** The routes an alert with these labels goes to (the root matches everything). */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const out: Route[] = [];
  for (const child of route.routes) {
    const hit = matchRoutes(child, labels);
    out.push(...hit);
    if (hit.length && !child.continue) break;
  }
  return out.length ? out : [route];
}

export function groupLabels(route: Route, labels: Labels): Labels {
  if (route.groupBy === 'all') return { ...labels };
  const out: Labels = {};
  for (const k of route.groupBy) if (labels[k] !== undefined) out[k] = labels[k];
  return out;
}
