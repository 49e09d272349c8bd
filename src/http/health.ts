/** `GET /` and `GET /health`: liveness for load balancers and Docker's HEALTHCHECK. No auth. */
import pkg from '../../package.json' with { type: 'json' };

/** The status `GET /` and `GET /health` answer, uptime counted from `startedAt`. */
export function healthStatus(startedAt = Date.now()) {
  return () => ({ status: 'ok' as const, version: pkg.version, uptime: Math.round((Date.now() - startedAt) / 1000) });
}
