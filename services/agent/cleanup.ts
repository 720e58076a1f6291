/**
 * `marina agent --cleanup` (issue 13 item 8): remove everything the agent
 * created on this host, for a host leaving the cluster or after `marina up`.
 * First each recorded task is stopped and its wiring replayed through its
 * mode's DEL (CNI DEL, host NAT elements, netns: what the plugins made goes
 * as they would remove it), and every task process of this agent's data dir
 * that no record named is stopped (runner/orphans.ts); then whatever is left is swept by name with the
 * one predicate (names.ts isAgentObject): this agent's task netns and their
 * /etc/netns dirs, the fabric (VXLAN devices, routes, MARINA-ISOLATE,
 * MARINA-EGRESS), the nft tables (host NAT, network policy), the bridges. Idempotent; nothing foreign is
 * touched. Run it with the agent stopped. Sandboxes (task logs) stay.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../lib/errors';
import { logger } from '../../lib/log';
import { repoRoot } from '../../lib/paths';
import { HostExec } from './exec';
import { removeFabric } from './fabric/apply';
import { removeHostNatTable } from './host-nat/host-nat';
import { removePolicyTable } from './policy/apply';
import { getMode } from './modes/index';
import type { ModeContext } from './modes/mode';
import { isAgentObject, netnsPrefix } from './names';
import { delNetns, listNetns } from './netns/netns';
import { processesOf, RecordStore } from './records';
import { findTaskProcesses } from './runner/orphans';
import { stopTask } from './runner/runner';
import { listResolvConfDirs, resolvConfDir } from './tasks';

export interface AgentCleanupOptions {
  /** The agent id (its --hostname): only this agent's task netns are removed. */
  agentId: string;
  dataDir: string;
  cniPath: string[];
  /** Seconds between SIGTERM and SIGKILL of a recorded task. */
  killGraceMs?: number;
  /** Host netns to clean when it is not this process's own (tests). */
  hostNetns?: string;
}

/** What a cleanup removed (empty on a second run). */
export interface CleanupSummary {
  tasks: string[];
  /** Pids of task processes no record named (found by their sandbox, runner/orphans.ts). */
  orphans: number[];
  netns: string[];
  links: string[];
}

export async function cleanupAgent(o: AgentCleanupOptions): Promise<CleanupSummary> {
  const log = logger('agent-cleanup');
  const exec = new HostExec(o.hostNetns);
  // the agent's CNI path: marina-ipam (bin/) for conflists recorded with it
  const ctx: ModeContext = { exec, cniPath: [...o.cniPath, join(repoRoot(), 'bin')], mtu: 1500 };
  const out: CleanupSummary = { tasks: [], orphans: [], netns: [], links: [] };
  const records = new RecordStore(o.dataDir);
  for (const rec of records.list().records) {
    await Promise.all(processesOf(rec).map((p) => stopTask(p.pid, p.startTime, o.killGraceMs ?? 3000)));
    await getMode(rec.attachment.mode).del(rec.attachment, ctx).catch((err) => log.warn({ taskId: rec.taskId, err: errorMessage(err) }, 'task DEL failed; its netns is swept below'));
    records.remove(rec.taskId);
    out.tasks.push(rec.taskId);
  }
  const prefix = netnsPrefix(o.agentId);
  // a task whose record is gone (a host-mode one shares the host's netns: no netns sweep finds it)
  const orphans = findTaskProcesses(o.dataDir, prefix);
  await Promise.all(orphans.map((p) => stopTask(p.pid, p.startTime, o.killGraceMs ?? 3000)));
  out.orphans.push(...orphans.map((p) => p.pid));
  for (const ns of listNetns(prefix).filter((n) => isAgentObject('netns', n, o.agentId))) {
    await killNetnsProcesses(ns);
    await delNetns(ns);
    out.netns.push(ns);
  }
  for (const ns of listResolvConfDirs(prefix)) if (isAgentObject('netns', ns, o.agentId)) rmSync(resolvConfDir(ns), { recursive: true, force: true });
  await removeFabric(exec);
  await removeHostNatTable(exec);
  await removePolicyTable(exec);
  const links = await exec.run('ip', ['-j', 'link', 'show']);
  for (const { ifname } of links.code === 0 ? (JSON.parse(links.stdout || '[]') as Array<{ ifname: string }>) : []) {
    if (!isAgentObject('link', ifname)) continue;
    await exec.run('ip', ['link', 'del', ifname]);
    out.links.push(ifname);
  }
  log.info(out, 'agent cleanup done');
  return out;
}

/** SIGKILL what still runs in a task netns nobody recorded (a task of a lost record). */
async function killNetnsProcesses(ns: string): Promise<void> {
  const res = await new HostExec().run('ip', ['netns', 'pids', ns]);
  for (const pid of res.stdout.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
