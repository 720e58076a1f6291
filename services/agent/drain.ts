/**
 * Drain before kill. When the allocator stops a task it writes desired stop
 * and ready false in one put; DNS, every lb and this agent receive that put
 * from the same Watch stream at about the same time. If the agent signalled
 * at once, a request the lb had already steered to the task (or one sent
 * before the lb's next sync, `--min-sync-interval`) met a dying process:
 * the refused connections and write errors of a rolling update. So a task
 * that was running waits `--drain-delay` seconds before SIGTERM — the
 * Kubernetes answer too (endpoint removal and SIGTERM race; a preStop
 * sleep, KEP-3960, covers the propagation). Why a delay rather than an ack
 * from every lb: see docs/agent.md "Drain before kill". Then SIGTERM, and
 * SIGKILL after the app's `taskKillGracePeriodSeconds` (Marathon's field) or
 * the agent's `--kill-grace`.
 */
import type { AppDefinition } from '../../lib/model/app';
import type { Task } from '../../lib/model/cluster';

export interface StopPlan {
  /** Wait this long before SIGTERM (0 = at once). */
  drainMs: number;
  /** SIGTERM → SIGKILL. */
  graceMs: number;
}

export interface StopDefaults {
  drainMs: number;
  killGraceMs: number;
}

/** How to stop a task the allocator marked stop: drain only what may be behind a VIP, the edge or DNS (it ran). */
export function stopPlan(task: Task, app: AppDefinition | undefined, d: StopDefaults): StopPlan {
  const grace = app?.taskKillGracePeriodSeconds;
  return {
    drainMs: task.state === 'TASK_RUNNING' ? d.drainMs : 0,
    graceMs: grace !== undefined ? grace * 1000 : d.killGraceMs,
  };
}
