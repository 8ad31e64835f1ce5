/** Routes live in the URL's hash (#/league?year=2020&district=584), so any view can be linked to and the gateway serves one page. */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: 'overview' | 'league' | 'commune' | 'reports' | 'intake' | 'signin';
  code?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'league':
      return { page: 'league', params };
    case 'commune':
      return parts[1] && /^\d{5}$/.test(parts[1])
        ? { page: 'commune', code: parts[1], params }
        : { page: 'league', params };
    case 'reports':
      return { page: 'reports', params };
    case 'intake':
      return { page: 'intake', params };
    case 'signin':
      return { page: 'signin', params };
    case undefined:
    default:
      return { page: 'overview', params };
  }
}

export function href(
  page: Route['page'],
  params: Record<string, string | number | null | undefined> = {},
  code?: string,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  const path = page === 'overview' ? '/' : page === 'commune' ? `/commune/${code ?? ''}` : `/${page}`;
  return `#${path}${query ? `?${query}` : ''}`;
}

/** Replaces the current URL's parameters without adding a history entry (filters, sorting). */
export function replaceParams(params: Record<string, string | number | null | undefined>): void {
  const route = parseRoute(location.hash);
  const merged: Record<string, string | null | undefined> = Object.fromEntries(route.params.entries());
  for (const [key, value] of Object.entries(params))
    merged[key] = value === null || value === undefined ? null : String(value);
  history.replaceState(null, '', href(route.page, merged, route.code));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
