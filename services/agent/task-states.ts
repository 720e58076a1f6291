/**
 * Task states as the agent needs them. (Issue 15 item 5 moves isTerminal to
 * lib/model/cluster.ts; this is the agent's only copy until then.)
 */
import type { TaskState } from '../../lib/model/cluster';

const TERMINAL: ReadonlySet<string> = new Set<TaskState>(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST']);

/** FINISHED, FAILED, KILLED or LOST: the task is over and never runs again. */
export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}
