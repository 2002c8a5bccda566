import { useEffect, useState } from 'react';

/**
 * The console's own routes, under /console/ (the server answers index.html for each of them): the floor's screens,
 * and the administration's pages as admin/<page>.
 */
export type Screen = 'agent' | 'wallboard' | 'bigscreen' | 'admin';
export type Route = 'home' | Screen | `admin/${string}`;
const BASE = '/console/';
const SCREENS: readonly string[] = ['agent', 'wallboard', 'bigscreen', 'admin'];

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/+$/, '') : '';
  if (SCREENS.includes(rest)) {
    return rest as Screen;
  }
  return /^admin\/[a-z][a-z0-9-]*$/.test(rest) ? (rest as Route) : 'home';
}

/** The screen a route belongs to ('admin' for each administration page). */
export function screenOf(route: Route): Screen | 'home' {
  return route.startsWith('admin/') ? 'admin' : (route as Screen | 'home');
}

/** The administration page of a route (null for the floor's screens and admin's own start). */
export function adminPage(route: Route): string | null {
  return route.startsWith('admin/') ? route.slice('admin/'.length) : null;
}

export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(parseRoute(location.pathname));
  useEffect(() => {
    const back = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const go = (r: Route) => {
    history.pushState(null, '', BASE + (r === 'home' ? '' : r));
    setRoute(r);
  };
  return [route, go];
}

/** The token of a dispatched ticket's page (/console/dispatch/<token>), which an outside department opens without a login. */
export function dispatchToken(pathname: string): string | null {
  const m = /^\/console\/dispatch\/([A-Za-z0-9_.-]+)\/?$/.exec(pathname);
  return m ? m[1]! : null;
}

