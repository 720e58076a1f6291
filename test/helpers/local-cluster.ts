/**
 * Talking to deploy/local-cluster.sh's allocator as its admin: it serves
 * TLS on the underlay with the CA in <dir>/allocator/tls and wrote its admin
 * client config to <dir>/allocator/client.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClientConfig } from '../../lib/auth/client-config';

/** The CA bundle to trust for the cluster's API. */
export const clusterCa = (dir: string) => join(dir, 'allocator', 'tls', 'ca-bundle.crt');

/** curl arguments (before the URL path) for an admin API call: CA, token, base URL. */
export function clusterCurl(dir: string, gw: string): { args: string[]; base: string } {
  const cfg = readClientConfig(join(dir, 'allocator', 'client.json'));
  if (!cfg?.token) throw new Error(`no admin client config in ${dir}/allocator (cluster not up?)`);
  readFileSync(clusterCa(dir));
  return { args: ['--cacert', clusterCa(dir), '-H', `authorization: Bearer ${cfg.token}`], base: `https://${gw}:8080` };
}
