import { useEffect, useState } from 'react';

/** The console's own routes, under /console/ (the server answers index.html for each of them). */
export type Route = 'home' | 'agent' | 'wallboard' | 'bigscreen';
const BASE = '/console/';

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/+$/, '') : '';
  return rest === 'agent' || rest === 'wallboard' || rest === 'bigscreen' ? rest : 'home';
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
