/**
 * The headers of ccr's answers, one `Headers` object per `x-ccr-route` value, built once: a Response
 * copies a Headers object natively in about half the time it takes to read a plain object's
 * properties into a new one (0.54 against 1.17 us), and every answer carries these.
 */

/** Explicit routes can name any model: past this many values the cache starts over. */
const MAX_ROUTES = 256;

export function responseHeadersByRoute(base: Readonly<Record<string, string>>): (route: string) => Headers {
  const byRoute = new Map<string, Headers>();
  return (route) => {
    let headers = byRoute.get(route);
    if (headers === undefined) {
      if (byRoute.size >= MAX_ROUTES) byRoute.clear();
      headers = new Headers(base);
      headers.set('x-ccr-route', route);
      byRoute.set(route, headers);
    }
    return headers;
  };
}
