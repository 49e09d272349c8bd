/**
 * Whether ccr runs inside a container: Docker leaves `/.dockerenv`, Podman `/run/.containerenv`,
 * and systemd-nspawn, Podman and LXC set `container` in the environment. Inside one, 127.0.0.1 is
 * the container's own: a router bound there is unreachable from the host.
 */
import { existsSync } from 'node:fs';

export function runningInContainer(env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = existsSync): boolean {
  return Boolean(env.container) || exists('/.dockerenv') || exists('/run/.containerenv');
}

/**
 * Why nobody outside can reach this router, when that is so: it was asked to listen on a host others
 * reach (the image sets HOST=0.0.0.0) but has no APIKEY, so it listens on the container's own
 * 127.0.0.1. A router left on 127.0.0.1 on purpose (Claude Code in the same dev container) is fine.
 */
export function unreachableReason(settings: { hostIgnored?: string }, inContainer: boolean): string | undefined {
  if (settings.hostIgnored === undefined || !inContainer) return undefined;
  return (
    `no APIKEY is set, so ccr listens on 127.0.0.1 instead of ${settings.hostIgnored}, and inside this container nothing outside can reach it. ` +
    `Set APIKEY (docker run -e APIKEY=…; CCR_APIKEY works too) to listen on HOST, or ALLOW_NO_APIKEY=true to listen there without a key.`
  );
}
