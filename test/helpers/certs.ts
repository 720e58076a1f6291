/**
 * Test PKI with openssl: a CA and leaf certificates (EC P-256, one day,
 * SAN IP:127.0.0.1, server and client auth) in a temp dir, files 0600.
 * deploy/local-cluster.sh makes the same with the same commands.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed CA named cn in dir (<name>.crt, <name>.key). */
export function makeCa(dir: string, name: string, cn = `marina-test-${name}`): CertFiles {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  openssl(['req', '-x509', ...EC, '-keyout', files.key, '-out', files.cert, '-days', '1', '-subj', `/CN=${cn}`]);
  chmodSync(files.key, 0o600);
  return files;
}

/** A certificate for cn signed by ca, valid for 127.0.0.1 as a server and as a client. */
export function makeLeaf(dir: string, ca: CertFiles, name: string, cn = name): CertFiles {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  openssl(['req', ...EC, '-keyout', files.key, '-out', csr, '-subj', `/CN=${cn}`]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', files.cert, '-days', '1', '-extfile', ext]);
  chmodSync(files.key, 0o600);
  return files;
}
