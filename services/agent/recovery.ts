/**
 * Restart recovery: re-adopt the tasks recorded in the data dir whose
 * processes live and whose wiring passes CNI CHECK, report those that ended
 * while no agent watched, clean up the rest; stop the task processes of the
 * data dir that no adopted record names (runner/orphans.ts: one started just
 * before the last agent died, or one that outlived its record); then remove
 * this agent's task netns (and their /etc/netns resolv.conf dirs) that no
 * task owns.
 */
import { rmSync } from 'node:fs';
import type { Logger } from '../../lib/log';
import { netnsPrefix } from './names';
import { delNetns, listNetns } from './netns/netns';
import { processesOf, type RecordStore } from './records';
import { findTaskProcesses } from './runner/orphans';
import { stopTask } from './runner/runner';
import { listResolvConfDirs, resolvConfDir, type TaskLife } from './tasks';

export interface RecoveryDeps {
  agentId: string;
  records: RecordStore;
  dataDir: string;
  killGraceMs: number;
  lives: Map<string, TaskLife>;
  /** Tasks this agent ended (the cleanup of an unadoptable task leaves it to the feed). */
  done: Set<string>;
  newLife(taskId: string): TaskLife;
  log: Logger;
}

export async function recoverTasks(d: RecoveryDeps): Promise<void> {
  const { records, corrupt } = d.records.list();
  if (corrupt.length) d.log.warn({ corrupt }, 'skipping unreadable task records');
  for (const rec of records) {
    const life = d.newLife(rec.taskId);
    d.lives.set(rec.taskId, life);
    if (await life.adopt(rec)) {
      d.log.info({ taskId: rec.taskId }, 're-adopted task');
      continue;
    }
    if (await life.finishEnded(rec)) {
      d.log.info({ taskId: rec.taskId }, 'task ended while the agent was down; reported with its exit status');
      continue;
    }
    await life.kill(undefined, 'not adoptable after restart');
    d.done.delete(rec.taskId); // the feed decides: it will be reported lost
  }
  await stopOrphanProcesses(d);
  const owned = new Set([...d.lives.values()].map((l) => l.live.record?.attachment.netns));
  await removeOrphanNetns(netnsPrefix(d.agentId), owned, d.log);
}

/** Task processes of this agent's data dir that no adopted task owns: nothing would ever stop them. */
async function stopOrphanProcesses(d: RecoveryDeps): Promise<void> {
  const adopted = new Set([...d.lives.values()].flatMap((l) => processesOf(l.live.record).map((p) => `${p.pid}/${p.startTime}`)));
  const orphans = findTaskProcesses(d.dataDir, netnsPrefix(d.agentId)).filter((p) => !adopted.has(`${p.pid}/${p.startTime}`));
  if (orphans.length) d.log.warn({ pids: orphans.map((p) => p.pid), sandboxes: orphans.map((p) => p.sandbox) }, 'stopping task processes no record names');
  await Promise.all(orphans.map((p) => stopTask(p.pid, p.startTime, d.killGraceMs)));
}

/** Task netns with this prefix that no live task owns, and resolv.conf dirs of netns that are gone. */
export async function removeOrphanNetns(prefix: string, owned: ReadonlySet<string | undefined>, log: Logger): Promise<void> {
  for (const ns of listNetns(prefix)) {
    if (owned.has(ns)) continue;
    log.info({ netns: ns }, 'removing orphan netns');
    await delNetns(ns);
    rmSync(resolvConfDir(ns), { recursive: true, force: true });
  }
  // resolv.conf dirs of task netns that are gone (their tasks were killed while no agent ran)
  for (const ns of listResolvConfDirs(prefix)) if (!owned.has(ns)) rmSync(resolvConfDir(ns), { recursive: true, force: true });
}
