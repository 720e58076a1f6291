/**
 * A protocol agent for the short drills: it speaks the agent's gRPC protocol
 * to a real allocator (register, keep-alive every 500 ms, re-register under
 * the same id when told its lease is gone, follow Watch filtered to itself)
 * and reports its tasks as a healthy agent would: STAGING → RUNNING (ready),
 * desired stop → KILLED, each report retried until acknowledged. It runs no
 * processes: the short drills test the control plane (allocation, leases,
 * leadership, eviction); the full drills (full.test.ts) use real agents.
 */
import { GrpcAgentApi } from '../../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../../lib/client/grpc-feed';
import type { GrpcCredentials } from '../../../lib/client/grpc-call';
import { applyEvents, emptySnapshot, type ClusterSnapshot } from '../../../lib/feed/feed';
import { isMarinaError } from '../../../lib/errors';
import type { Task } from '../../../lib/model/cluster';

export class SimAgent {
  private api?: GrpcAgentApi;
  private feed?: GrpcClusterFeed;
  private timer?: NodeJS.Timeout;
  private state: ClusterSnapshot = emptySnapshot();
  /** taskId → state last acknowledged by the allocator. */
  private readonly acked = new Map<string, string>();
  private busy = false;
  stopped = false;
  /** Times the allocator said the lease was gone (re-registrations). */
  reRegistrations = 0;

  constructor(
    readonly id: string,
    readonly ip: string,
    private readonly address: () => string,
    private readonly credentials: () => GrpcCredentials = () => ({}),
  ) {}

  async start(): Promise<void> {
    this.api = new GrpcAgentApi({ address: this.address(), credentials: this.credentials() });
    await this.register();
    this.feed = new GrpcClusterFeed({ address: this.address(), agentId: this.id, maxBackoffMs: 500, credentials: this.credentials() });
    await this.feed.start({
      onSnapshot: (s) => (this.state = s),
      onEvents: (rev, evs) => applyEvents(this.state, rev, evs),
    });
    this.timer = setInterval(() => void this.tick(), 500);
  }

  /** Stop as a kill -9 would: no more keep-alives or reports. */
  async kill(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.feed?.stop();
    this.api?.close();
  }

  private async register(): Promise<void> {
    await this.api!.registerAgent({ id: this.id, hostname: this.id, ip: this.ip, portRanges: [{ begin: 31000, end: 31999 }] });
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      try {
        await this.api!.keepAlive(this.id);
      } catch (err) {
        if (!isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) return;
        this.reRegistrations++;
        await this.register();
      }
      for (const t of this.state.tasks.values()) await this.report(t);
    } catch {
      // allocator away: try again next tick (reports retry until acknowledged)
    } finally {
      this.busy = false;
    }
  }

  private async report(t: Task): Promise<void> {
    if (t.agentId !== this.id) return;
    const want = t.desired === 'stop' ? 'TASK_KILLED' : t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING' ? 'TASK_RUNNING' : undefined;
    if (!want || this.acked.get(t.id) === `${want}@${t.appVersion}`) return;
    if (want === 'TASK_RUNNING' && t.state === 'TASK_RUNNING') return;
    await this.api!.reportTaskStatus(this.id, { taskId: t.id, state: want, ready: want === 'TASK_RUNNING' });
    this.acked.set(t.id, `${want}@${t.appVersion}`);
  }
}
