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
