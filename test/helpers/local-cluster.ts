/**
 * Talking to deploy/local-cluster.sh's allocator as its admin: it serves
 * TLS on the underlay with the CA in <dir>/allocator/tls and wrote its admin
 * client config to <dir>/allocator/client.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClientConfig } from '../../lib/auth/client-config';
import { runOk } from './exec';

/** The CA bundle to trust for the cluster's API. */
export const clusterCa = (dir: string) => join(dir, 'allocator', 'tls', 'ca-bundle.crt');

/** curl arguments (before the URL path) for an admin API call: CA, token, base URL. */
export function clusterCurl(dir: string, gw: string): { args: string[]; base: string } {
  const cfg = readClientConfig(join(dir, 'allocator', 'client.json'));
  if (!cfg?.token) throw new Error(`no admin client config in ${dir}/allocator (cluster not up?)`);
  readFileSync(clusterCa(dir));
  return { args: ['--cacert', clusterCa(dir), '-H', `authorization: Bearer ${cfg.token}`], base: `https://${gw}:8080` };
}

/** The JSON body of a `curl -w '\\n%{http_code}'` call to the allocator; a status ≥ 400 throws with the body. */
export function parseApi(method: string, path: string, out: string): any {
  const nl = out.lastIndexOf('\n');
  const status = Number(out.slice(nl + 1));
  const body = out.slice(0, Math.max(nl, 0));
  if (!(status >= 200 && status < 400)) throw new Error(`${method} ${path}: HTTP ${status}: ${body}`);
  return JSON.parse(body || 'null');
}

/** The cluster's API as its admin, called with curl from netns `ns` (the cluster's uplink namespace, `<prefix>u`). */
export function clusterApi(dir: string, gw: string, ns: string): (method: string, path: string, body?: unknown) => Promise<any> {
  return async (method, path, body) => {
    const admin = clusterCurl(dir, gw);
    const args = ['netns', 'exec', ns, 'curl', '-s', '-w', '\\n%{http_code}', ...admin.args, '-X', method, `${admin.base}${path}`];
    if (body) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
    return parseApi(method, path, (await runOk('ip', args)).stdout);
  };
}
