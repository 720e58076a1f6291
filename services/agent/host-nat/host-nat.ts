/**
 * Applying the host NAT table (render.ts) for one task: ADD and DEL are one
 * `nft -f -` transaction each, all or nothing. Conflicts are resolved the
 * way the allocator intends: on ADD a hostPort still mapped to another
 * address (a task whose DEL never ran) is taken over; on DEL a hostPort
 * that now maps to another task is left alone. DEL of what is gone succeeds.
 */
import { MarinaError } from '../../../lib/errors';
import type { HostExec } from '../exec';
import { HOSTPORT_PROTOCOLS, NAT_TABLE, parseMapElements, renderAdd, renderDel, renderReplace, renderSync, validateMappings, type HostNatEntry, type HostPortMapping } from './render';

/** Per host: the tail of its serialized table writes (a re-check must not interleave with a task's ADD/DEL). */
const tails = new WeakMap<HostExec, Promise<unknown>>();

function serial<T>(exec: HostExec, fn: () => Promise<T>): Promise<T> {
  const next = (tails.get(exec) ?? Promise.resolve()).then(fn, fn);
  tails.set(exec, next.catch(() => undefined));
  return next;
}

async function nft(exec: HostExec, batch: string): Promise<{ code: number; err: string }> {
  const res = await exec.run('nft', ['-f', '-'], { input: batch });
  return { code: res.code, err: (res.stderr || res.stdout).trim() };
}

/** Current elements of the hostPort maps (all protocols). */
export async function listHostPorts(exec: HostExec): Promise<Array<HostPortMapping & { ip: string }>> {
  const out: Array<HostPortMapping & { ip: string }> = [];
  for (const p of HOSTPORT_PROTOCOLS) {
    const res = await exec.run('nft', ['-j', 'list', 'map', 'ip', NAT_TABLE, `hostports-${p}`]);
    if (res.code === 0) out.push(...parseMapElements(res.stdout, p));
  }
  return out;
}

/** Hosts whose base table this process has written (then ADD sends only elements). */
const based = new WeakSet<HostExec>();
/** Per host: masq-nets subnets this process has written since the base. */
const masqWritten = new WeakMap<HostExec, Set<string>>();

/**
 * Whether ADD has anything to write: hostPorts always; a subnet's masquerade
 * only the first time (every bridge task of a host shares one subnet, so
 * tasks without ports cost no nft run).
 */
export function hostNatNeeded(exec: HostExec, e: HostNatEntry): boolean {
  if (e.portMappings.length > 0) return true;
  if (!e.masqNet) return false;
  return !(based.has(exec) && masqWritten.get(exec)?.has(e.masqNet));
}

/** Map the task's hostPorts (and its subnets) in the host's NAT table. */
export async function addHostNat(exec: HostExec, e: HostNatEntry): Promise<void> {
  validateMappings(e.portMappings);
  return serial(exec, () => addNow(exec, e));
}

async function addNow(exec: HostExec, e: HostNatEntry): Promise<void> {
  let first = await nft(exec, renderAdd(e, !based.has(exec)));
  if (first.code !== 0 && based.has(exec) && /No such file/.test(first.err)) {
    based.delete(exec); // the table was removed behind our back: write the base again
    masqWritten.delete(exec);
    first = await nft(exec, renderAdd(e));
  }
  if (first.code === 0) {
    based.add(exec);
    if (e.masqNet) masqWritten.set(exec, (masqWritten.get(exec) ?? new Set()).add(e.masqNet));
    return;
  }
  if (!/File exists/.test(first.err)) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `failed to map hostPorts of ${e.ip}: nft: ${first.err}`);
  const taken = (await listHostPorts(exec)).filter((cur) => e.portMappings.some((m) => m.hostPort === cur.hostPort && m.protocol === cur.protocol));
  const second = await nft(exec, renderReplace(e, taken));
  if (second.code !== 0) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `failed to map hostPorts of ${e.ip}: nft: ${second.err}`);
}

/** Remove the task's hostPort mappings; those now owned by another address stay. */
export async function delHostNat(exec: HostExec, e: Pick<HostNatEntry, 'ip' | 'portMappings'>): Promise<void> {
  if (e.portMappings.length === 0) return;
  return serial(exec, () => delNow(exec, e));
}

async function delNow(exec: HostExec, e: Pick<HostNatEntry, 'ip' | 'portMappings'>): Promise<void> {
  const all = await nft(exec, renderDel(e));
  if (all.code === 0) return;
  let failed: string | undefined;
  for (const m of e.portMappings) {
    const one = await nft(exec, renderDel({ ip: e.ip, portMappings: [m] }));
    if (one.code !== 0 && !/File exists/.test(one.err)) failed ??= one.err;
  }
  if (failed) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `failed to unmap hostPorts of ${e.ip}: nft: ${failed}`);
}

/** Rejects naming the first hostPort that is not mapped to the task. */
export async function checkHostNat(exec: HostExec, e: Pick<HostNatEntry, 'ip' | 'portMappings'>): Promise<void> {
  if (e.portMappings.length === 0) return;
  const cur = await listHostPorts(exec);
  for (const m of e.portMappings) {
    const ok = cur.some((c) => c.protocol === m.protocol && c.hostPort === m.hostPort && c.ip === e.ip && c.containerPort === m.containerPort);
    if (!ok) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `hostPort ${m.hostPort}/${m.protocol} is not mapped to ${e.ip}:${m.containerPort}`);
  }
}

/**
 * Periodic re-check (like the fabric's): rewrite the table, its rules and
 * exactly these tasks' mappings in one transaction, so a deleted table or
 * element comes back and mappings of gone tasks go. Nothing when there are
 * no entries and the table was never written. Two tasks claiming one
 * hostPort (cannot happen with the allocator's ports) fail the batch; then
 * each entry is added on its own, the later one winning as on ADD.
 */
export function syncHostNat(exec: HostExec, desired: () => HostNatEntry[] | undefined): Promise<boolean> {
  return serial(exec, async () => {
    // read inside the queue: no task ADD/DEL is half done while the maps are refilled
    const entries = desired();
    if (!entries || (entries.length === 0 && !based.has(exec))) return false;
    for (const e of entries) validateMappings(e.portMappings);
    const res = await nft(exec, renderSync(entries));
    if (res.code === 0) {
      based.add(exec);
      masqWritten.set(exec, new Set(entries.flatMap((e) => (e.masqNet ? [e.masqNet] : []))));
      return true;
    }
    for (const e of entries) await addNow(exec, e);
    return true;
  });
}

/** Remove the whole table (agent teardown, tests). Absent is success. */
export async function removeHostNatTable(exec: HostExec): Promise<void> {
  await serial(exec, async () => {
    based.delete(exec);
    masqWritten.delete(exec);
    await nft(exec, `add table ip ${NAT_TABLE}\ndelete table ip ${NAT_TABLE}\n`);
  });
}
