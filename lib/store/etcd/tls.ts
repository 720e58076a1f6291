/**
 * etcd over TLS, as etcdctl takes it: --etcd-cacert (the CA that signed
 * etcd's serving certificate), --etcd-cert and --etcd-key (a client
 * certificate etcd's --trusted-ca-file trusts; with --client-cert-auth and
 * auth enabled etcd maps its CN to the etcd user, whose role limits Marina
 * to its prefix: docs/store.md). Files are read once, at open; a missing or
 * unreadable file is a config error naming its flag.
 */
import { readFileSync } from 'node:fs';
import { MarinaError, errorMessage } from '../../errors';

/** PEM file paths (etcdctl's --cacert, --cert, --key). */
export interface EtcdTlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/** etcd3's `credentials` (grpc createSsl arguments). */
export interface EtcdCredentials {
  rootCertificate: Buffer;
  privateKey?: Buffer;
  certChain?: Buffer;
}

function read(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_CONFIG', `${flag}: cannot read ${path}: ${errorMessage(err)}`);
  }
}

/** The credentials for etcd3, or undefined when no TLS file is given. */
export function etcdCredentials(tls: EtcdTlsFiles | undefined, endpoints: string[]): EtcdCredentials | undefined {
  if (!tls?.caFile && !tls?.certFile && !tls?.keyFile) return undefined;
  if (!tls.certFile !== !tls.keyFile) {
    throw new MarinaError('MARINA_ERR_CONFIG', '--etcd-cert and --etcd-key go together: give both (a client certificate and its key) or neither');
  }
  const plain = endpoints.find((e) => !e.startsWith('https://'));
  if (plain !== undefined) throw new MarinaError('MARINA_ERR_CONFIG', `--etcd-endpoints: ${plain} is not https:// but TLS files are given`);
  return {
    // null: without --etcd-cacert grpc verifies etcd with the system's CAs
    rootCertificate: (tls.caFile ? read(tls.caFile, '--etcd-cacert') : null) as Buffer,
    ...(tls.certFile ? { certChain: read(tls.certFile, '--etcd-cert'), privateKey: read(tls.keyFile as string, '--etcd-key') } : {}),
  };
}

/** A clearer message for a failed first contact over TLS (grpc says little more than "No connection established"). */
export function tlsHint(endpoints: string[]): string {
  return endpoints.some((e) => e.startsWith('https://'))
    ? ' (over TLS: --etcd-cacert must name the CA that signed etcd\'s certificate, and when etcd runs with --client-cert-auth, --etcd-cert/--etcd-key a client certificate signed by a CA in its --trusted-ca-file)'
    : '';
}
