/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the machine's `openssl` into a
 * temporary folder: the bench's mock (and a test's fake provider) serve HTTPS with it, as every real
 * provider does, and the processes that call them trust it through NODE_EXTRA_CA_CERTS, which Bun
 * reads once at startup. An ECDSA P-256 key, as many providers' front ends use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  /** PEM files: give `certPath` to NODE_EXTRA_CA_CERTS. */
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  remove(): void;
}

/** Undefined when `openssl` is not on this machine. */
export function createSelfSignedCertificate(): SelfSignedCertificate | undefined {
  if (!Bun.which('openssl')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ccr-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const made = Bun.spawnSync(
    ['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=ccr-test-upstream', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath],
    { stdout: 'ignore', stderr: 'pipe' },
  );
  if (made.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make a certificate: ${made.stderr.toString().trim()}`);
  }
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts this script again with `env` when the current process lacks it (Bun reads both variables
 * once at startup), making the certificate first if `https`; returns the certificate's paths in the
 * process that has them. The restarted process's exit code becomes this one's.
 */
export async function restartWithStartupEnv(options: { https: boolean; maxHttpRequests: string }): Promise<{ certPath: string; keyPath: string } | undefined> {
  const trusted = process.env.NODE_EXTRA_CA_CERTS && process.env.BENCH_TLS_KEY ? { certPath: process.env.NODE_EXTRA_CA_CERTS, keyPath: process.env.BENCH_TLS_KEY } : undefined;
  if (process.env.BUN_CONFIG_MAX_HTTP_REQUESTS === options.maxHttpRequests && (!options.https || trusted)) return options.https ? trusted : undefined;
  const certificate = options.https ? createSelfSignedCertificate() : undefined;
  if (options.https && !certificate) throw new Error('the HTTPS mock needs openssl to make its certificate; run with --http for a plain-http mock');
  const env: Record<string, string> = { ...(process.env as Record<string, string>), BUN_CONFIG_MAX_HTTP_REQUESTS: options.maxHttpRequests };
  if (certificate) Object.assign(env, { NODE_EXTRA_CA_CERTS: certificate.certPath, BENCH_TLS_KEY: certificate.keyPath });
  const again = Bun.spawn([process.execPath, ...process.argv.slice(1)], { env, stdio: ['inherit', 'inherit', 'inherit'] });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => again.kill(signal));
  const code = await again.exited;
  certificate?.remove();
  process.exit(code);
}
