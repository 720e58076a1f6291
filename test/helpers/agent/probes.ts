/** Probes the agent suites share: HTTP status from inside a netns, and waiting for a task to run. */
import { run } from '../exec';
import { waitUntil } from '../_children';
import type { FakeAllocator } from './fake-allocator';

/** HTTP status of url fetched from inside ns (0 when nothing answered within 2 s). */
export async function curl(ns: string, url: string): Promise<number> {
  const res = await run('ip', ['netns', 'exec', ns, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', url]);
  return Number(res.stdout) || 0;
}

/** Resolve once the agent reported the task running; fail at once, with its messages, if it failed. */
export async function waitRunning(alloc: FakeAllocator, taskId: string): Promise<void> {
  await waitUntil(`task ${taskId} running`, async () => {
    const s = alloc.lastState(taskId);
    if (s === 'TASK_FAILED') throw new Error(`task failed: ${alloc.reports.filter((r) => r.taskId === taskId).map((r) => r.message).join('; ')}`);
    return s === 'TASK_RUNNING';
  }, 20_000);
}
