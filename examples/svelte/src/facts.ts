/**
 * The facts the host knows about a visitor, computed the same way on the
 * server (from the request) and in the browser (from the page), so both
 * decide alike. The demo fakes geo with `?city=`; a real site takes it from
 * its CDN's geo header. `page.*` is not here: the browser runtime computes
 * it itself, and the server gives it from the request (entry-server.ts).
 */
export type HostFacts = {
  geo?: { city: string };
  user?: { type: string; firstName?: string };
};

export function hostFacts(url: URL, cookies: string): HostFacts {
  const city = url.searchParams.get("city");
  const customer = /(?:^|;\s*)customer=([a-z_]+)/.exec(cookies)?.[1];
  return {
    ...(city ? { geo: { city } } : {}),
    ...(customer ? { user: { type: customer, firstName: "Asha" } } : {}),
  };
};
