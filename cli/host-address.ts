/**
 * The address `marina up` gives its agent when none is set: the IPv4 address
 * of the interface that holds the default route (what other hosts, and VIP
 * rules, reach this host at), else 127.0.0.1 on a machine with no route out.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface IpRoute {
  dev?: string;
  prefsrc?: string;
}
interface IpAddrInfo {
  addr_info?: Array<{ family: string; local: string; scope: string }>;
}

export async function defaultRouteAddress(): Promise<string> {
  try {
    const routes = JSON.parse((await run('ip', ['-j', '-4', 'route', 'show', 'default'])).stdout || '[]') as IpRoute[];
    const route = routes.find((r) => r.dev);
    if (!route?.dev) return '127.0.0.1';
    if (route.prefsrc) return route.prefsrc;
    const links = JSON.parse((await run('ip', ['-j', '-4', 'addr', 'show', 'dev', route.dev])).stdout || '[]') as IpAddrInfo[];
    const addr = links.flatMap((l) => l.addr_info ?? []).find((a) => a.family === 'inet' && a.scope === 'global');
    return addr?.local ?? '127.0.0.1';
  } catch {
    return '127.0.0.1';
  }
}
