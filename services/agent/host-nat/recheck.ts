/**
 * The host NAT table re-checked like the fabric (flannel's routeCheck) on
 * the bounded runner: every recheckMs it is rewritten with the running
 * tasks' hostPorts and subnets, so a deleted table or element returns
 * within the interval. Never two re-checks at once; skipped while a task is
 * launching or stopping (its elements are in flight): the next one catches up.
 */
import { errorMessage } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import { BoundedRunner, type Clock } from '../../../lib/sync/bounded-runner';
import type { HostExec } from '../exec';
import type { Attachment } from '../modes/mode';
import { syncHostNat } from './host-nat';
import type { HostNatEntry } from './render';

/** What a re-check needs to know of one task on this host. */
export interface NatTask {
  phase: string;
  attachment?: Attachment;
}

/** Pure: the table's entries for these tasks, or undefined while one is not running (pending ADD/DEL). */
export function desiredHostNat(tasks: NatTask[]): HostNatEntry[] | undefined {
  if (tasks.some((t) => t.phase !== 'running')) return undefined;
  const entries: HostNatEntry[] = [];
  for (const { attachment: a } of tasks) {
    if (!a?.ip || (!a.hostPorts?.length && !a.hostNatNets?.masqNet)) continue;
    entries.push({ ip: a.ip, portMappings: a.hostPorts ?? [], ...a.hostNatNets });
  }
  return entries;
}

export class HostNatRecheck {
  private readonly runner: BoundedRunner;
  /** Re-checks applied (the table rewritten). */
  applied = 0;

  constructor(
    private readonly exec: HostExec,
    private readonly tasks: () => NatTask[],
    private readonly log: Logger,
    opts: { recheckMs: number; clock?: Clock },
  ) {
    this.runner = new BoundedRunner(() => this.sync(), { minMs: opts.recheckMs, maxMs: opts.recheckMs, clock: opts.clock });
  }

  start(): void {
    this.runner.start();
  }

  /** Stop the timer and wait for a re-check in progress. */
  async stop(): Promise<void> {
    this.runner.stop();
    await this.runner.idle();
  }

  private async sync(): Promise<void> {
    try {
      // read inside syncHostNat's queue: no task ADD/DEL is half done while the maps are refilled
      if (await syncHostNat(this.exec, () => desiredHostNat(this.tasks()))) this.applied++;
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'host NAT re-check failed');
    }
  }
}
