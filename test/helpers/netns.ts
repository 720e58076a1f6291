/**
 * Network namespaces for tests, via `ip`. Everything created here is recorded
 * and removed by cleanupNetns() (hook it with useNetnsCleanup()), and at
 * process exit as a last resort. Names must start with `marina`. The root
 * namespace is only touched to add/delete namespaces: veth pairs are created
 * inside a namespace (`ip -n NS link add ... peer ... netns OTHER`), never in
 * the host's.
 */
import { execFileSync } from 'node:child_process';
import { run, runOk, type RunOptions, type RunResult } from './exec';
import { atFileEnd } from './file-end';

const created = new Set<string>();
let exitHooked = false;

const TEST_RANGE = /^198\.(18|19)\.\d{1,3}\.\d{1,3}(\/\d{1,2})?$/;

function checkName(kind: string, name: string, max: number): void {
  if (!name.startsWith('marina')) throw new Error(`${kind} name ${JSON.stringify(name)} must start with "marina"`);
  if (name.length > max) throw new Error(`${kind} name ${JSON.stringify(name)} is longer than ${max} characters`);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`${kind} name ${JSON.stringify(name)} has characters other than [A-Za-z0-9_.-]`);
}

/** Addresses used in tests must come from 198.18.0.0/15 (RFC 2544 benchmarking range). */
export function checkTestAddress(addr: string): void {
  if (!TEST_RANGE.test(addr)) throw new Error(`address ${addr} is outside 198.18.0.0/15; tests may only use that range`);
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const ns of created) {
      try {
        execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });
}

/** Create netns `name` (must start with "marina", ≤ 64 chars) with loopback up. */
export async function createNetns(name: string): Promise<string> {
  checkName('netns', name, 64);
  hookExit();
  await runOk('ip', ['netns', 'add', name]);
  created.add(name);
  await runOk('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return name;
}

/** Delete a netns (and with it every link inside it); succeeds if it is already gone. */
export async function deleteNetns(name: string): Promise<void> {
  const res = await run('ip', ['netns', 'delete', name]);
  created.delete(name);
  if (res.code !== 0 && !/No such file|does not exist|Invalid netns/i.test(res.stderr)) {
    throw new Error(`failed to delete netns ${name}: ${res.stderr.trim()}`);
  }
}

/** Run cmd inside ns; rejects on a non-zero exit unless allowFail. */
export async function netnsExec(ns: string, cmd: string[], opts: RunOptions & { allowFail?: boolean } = {}): Promise<RunResult> {
  if (cmd.length === 0) throw new Error('netnsExec: cmd must not be empty');
  const [file, ...args] = cmd;
  const runOpts = { ...opts, netns: ns };
  return opts.allowFail ? run(file, args, runOpts) : runOk(file, args, runOpts);
}

export interface VethEnd {
  /** Namespace this end lives in (must be one created by createNetns or otherwise marina-named). */
  ns: string;
  /** Interface name (≤ 15 characters, starts with "marina" or any name inside the netns). */
  name: string;
  /** Optional address with prefix length, from 198.18.0.0/15, e.g. 198.18.0.1/24. */
  address?: string;
}

/** Create a veth pair with each end inside its namespace, set up, with optional addresses. */
export async function vethPair(a: VethEnd, b: VethEnd): Promise<void> {
  for (const end of [a, b]) {
    if (!end.ns.startsWith('marina')) throw new Error(`veth end ${end.name}: netns ${end.ns} must start with "marina"`);
    if (end.name.length > 15) throw new Error(`veth name ${end.name} is longer than 15 characters`);
    if (end.address !== undefined) checkTestAddress(end.address);
  }
  await runOk('ip', ['-n', a.ns, 'link', 'add', a.name, 'type', 'veth', 'peer', 'name', b.name, 'netns', b.ns]);
  for (const end of [a, b]) {
    if (end.address !== undefined) await runOk('ip', ['-n', end.ns, 'addr', 'add', end.address, 'dev', end.name]);
    await runOk('ip', ['-n', end.ns, 'link', 'set', end.name, 'up']);
  }
}

/** Delete every netns created through this module (idempotent). */
export async function cleanupNetns(): Promise<void> {
  const errors: string[] = [];
  for (const ns of [...created]) {
    try {
      await deleteNetns(ns);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (errors.length > 0) throw new Error(errors.join('; '));
}

// Jest: whatever a test file created is removed after its own afterAll hooks, even if it forgot.
atFileEnd(cleanupNetns);

type Hook = (fn: () => Promise<void>) => void;

/** Register cleanupNetns with a jest hook (afterEach by default; pass afterAll for suite scope). */
export function useNetnsCleanup(hook: Hook = afterEach): void {
  hook(cleanupNetns);
}

/**
 * For a root test file beside the code: netns `name` holding a veth pair
 * (`veth[0]` and its peer `veth[1]`), created before the file's first test and
 * deleted (with the pair) after its last.
 */
export function useScratchNetns(name: string, veth: [string, string]): void {
  beforeAll(async () => {
    await createNetns(name);
    await runOk('ip', ['-n', name, 'link', 'add', veth[0], 'type', 'veth', 'peer', 'name', veth[1]]);
  });
  afterAll(() => deleteNetns(name));
}

/** Names of the existing netns. */
export async function listNetns(): Promise<string[]> {
  const res = await runOk('ip', ['netns', 'list']);
  return res.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n) => n && n.length > 0);
}

/**
 * Remove leftovers of an earlier, interrupted run: every netns, and every link
 * of the root namespace, whose name starts with prefix (which must itself
 * start with "marina"). Returns what was deleted.
 */
export async function cleanupMarinaLeftovers(prefix: string): Promise<string[]> {
  if (!prefix.startsWith('marina') && !prefix.startsWith('MARINA')) {
    throw new Error(`cleanupMarinaLeftovers: prefix ${JSON.stringify(prefix)} must start with "marina"`);
  }
  const removed: string[] = [];
  for (const ns of await listNetns()) {
    if (!ns.startsWith(prefix)) continue;
    await deleteNetns(ns);
    removed.push(`netns ${ns}`);
  }
  const links = await runOk('ip', ['-o', 'link', 'show']);
  for (const line of links.stdout.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)/.exec(line);
    if (!m || !m[1].startsWith(prefix)) continue;
    const res = await run('ip', ['link', 'delete', m[1]]);
    if (res.code === 0) removed.push(`link ${m[1]}`);
  }
  return removed;
}

/**
 * A "machine" in netns ns for `marina up`: lo up, one NIC (veth, both ends
 * inside ns) with address/24 and a default route via the subnet's .254, so
 * `marina up` picks that address for its agent. ns is recreated if left over.
 */
export async function createMachineNetns(ns: string, address: string): Promise<void> {
  await deleteNetns(ns);
  await createNetns(ns);
  await netnsExec(ns, ['ip', 'link', 'set', 'lo', 'up']);
  await vethPair({ ns, name: `${ns}-eth0`.slice(0, 15), address: `${address}/24` }, { ns, name: `${ns}-peer`.slice(0, 15) });
  await netnsExec(ns, ['ip', 'route', 'add', 'default', 'via', address.replace(/\.\d+$/, '.254'), 'dev', `${ns}-eth0`.slice(0, 15)]);
}
