/**
 * Named network namespaces (`ip netns add`, bind-mounted under /run/netns).
 * Namespaces are global to the machine, so this never needs the host
 * wrapper; DEL of a missing netns succeeds (STYLE pattern 3).
 */
import { readdirSync } from 'node:fs';
import { HostExec } from '../exec';

const root = new HostExec();

export const NETNS_DIR = '/run/netns';

export function netnsPath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

/**
 * Create netns `name` with loopback up; an existing one is reused. One exec:
 * `ip -batch -` creates it (ip returns to its own netns afterwards) and, in
 * batch mode, `netns exec` forks the lo-up inside it. Any failure falls back
 * to the two separate commands, which tell "exists" from real errors.
 */
export async function addNetns(name: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(name)) throw new Error(`netns name: expected [A-Za-z0-9_.-], 1-200 characters, got ${JSON.stringify(name)}`);
  const fast = await root.ipBatch([`netns add ${name}`, `netns exec ${name} ip link set lo up`]);
  if (fast.code === 0) return netnsPath(name);
  const res = await root.run('ip', ['netns', 'add', name]);
  if (res.code !== 0 && !/File exists/.test(res.stderr)) {
    throw new Error(`failed to create netns ${name}: ${res.stderr.trim()}`);
  }
  await root.ok('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return netnsPath(name);
}

/** Delete netns `name`; already gone counts as success. */
export async function delNetns(name: string): Promise<void> {
  const res = await root.run('ip', ['netns', 'delete', name]);
  if (res.code !== 0 && !/No such file|does not exist|Invalid netns/i.test(res.stderr)) {
    throw new Error(`failed to delete netns ${name}: ${res.stderr.trim()}`);
  }
}

/** True if the netns is mounted and usable. */
export async function netnsExists(name: string): Promise<boolean> {
  const res = await root.run('ip', ['-n', name, 'link', 'show', 'lo']);
  return res.code === 0;
}

/** Names under /run/netns starting with prefix. */
export function listNetns(prefix: string): string[] {
  try {
    return readdirSync(NETNS_DIR).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}
