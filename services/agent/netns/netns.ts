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

/** Create netns `name` with loopback up; an existing one is reused. */
export async function addNetns(name: string): Promise<string> {
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
