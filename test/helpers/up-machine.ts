/**
 * A "machine" for `marina up` inside a network namespace: loopback, one NIC with an address from
 * 198.18.0.0/15 and a default route (both veth ends stay inside), so `marina up`'s defaults
 * (127.0.0.1:8080, :53, the nft table marina) bind and program nothing of the host, and the agent
 * picks the NIC's address as the default route's. Used by up.test.ts and readme-first-app.test.ts.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix } from '../../services/agent/names';
import { createNetns, deleteNetns, listNetns, netnsExec, vethPair } from './netns';
import { run, type RunOptions, type RunResult } from './exec';
import { killProcessesUnder } from './procs';

export interface UpMachine {
  ns: string;
  /** The NIC's address (no prefix): the agent's address. */
  ip: string;
  /** Run a command inside the machine, with the project's Node 24 on PATH; never rejects. */
  exec(cmd: string[], opts?: RunOptions): Promise<RunResult>;
}

/** Create the machine (removing a leftover of the same name first). address: `198.18.3.1/24`. */
export async function createUpMachine(ns: string, address = '198.18.3.1/24', gateway = '198.18.3.254'): Promise<UpMachine> {
  await deleteNetns(ns);
  await createNetns(ns);
  await vethPair({ ns, name: 'marina-up-eth0', address }, { ns, name: 'marina-up-peer' });
  await netnsExec(ns, ['ip', 'route', 'add', 'default', 'via', gateway, 'dev', 'marina-up-eth0']);
  const path = `${join(repoRoot(), 'node_modules', '.bin')}:${process.env.PATH}`;
  return {
    ns,
    ip: address.split('/')[0]!,
    exec: (cmd, opts = {}) => netnsExec(ns, cmd, { ...opts, allowFail: true, env: { ...process.env, PATH: path, ...opts.env } }),
  };
}

/**
 * Remove the machine and what an agent with id `agentId` left on the host: every process still
 * in the machine's netns or in a task netns (tasks the agent leaves running for re-adoption;
 * killed by pid), its task netns and the resolv.conf dirs it wrote under /etc/netns. With
 * `dataDir`, also every process whose working directory is under it: a task wrapper whose netns
 * was already gone (a task the agent no longer tracked) is found by its sandbox, not its netns.
 */
export async function removeUpMachine(ns: string, agentId: string, dataDir?: string): Promise<void> {
  if (dataDir) killProcessesUnder(dataDir);
  const pids = await run('ip', ['netns', 'pids', ns]);
  for (const pid of pids.stdout.split('\n').map(Number).filter((p) => p > 1)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const prefix = netnsPrefix(agentId);
  for (const task of (await listNetns()).filter((n) => n.startsWith(prefix))) {
    // a task's processes live in its own netns (bridge and virtual-network modes), not the machine's
    for (const pid of (await run('ip', ['netns', 'pids', task])).stdout.split('\n').map(Number).filter((p) => p > 1)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await deleteNetns(task);
  }
  if (existsSync('/etc/netns')) for (const d of readdirSync('/etc/netns').filter((n) => n.startsWith(prefix))) rmSync(join('/etc/netns', d), { recursive: true, force: true });
  await deleteNetns(ns);
}
