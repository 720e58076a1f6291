/** The allocator core without transports: view, deploys, lifecycle, agents, leader loops. */
import { randomUUID } from 'node:crypto';
import { absent, type Lease, type Store } from '../../lib/store/contract';
import { ProgrammingReports } from './telemetry/programming-reports';
import { K } from './state/keys';
import { logger } from '../../lib/log';
import type { AllocatorContext, AllocatorSettings } from './context';
import { Reservations } from './alloc/claims';
import { Agents } from './lifecycle/agents';
import { Deployer } from './deploy/deployer';
import { Lifecycle } from './lifecycle/task-status';
import { allocatorMetrics } from './metrics';
import { LeaderElection } from './leader/election';
import { Reconciler } from './lifecycle/reconciler';
import { StateView } from './state/view';
import { GroupCommitter } from './state/group-commit';
import { StoreHealth } from './state/store-health';
import { AgentLiveness } from './lifecycle/agent-liveness';
import { DeploymentTracker } from './deploy/deployments/tracker';
import { applyStep } from './deploy/deployments/steps';
import { TraceAgents } from './trace/agent-channels';
import { ChannelRegistry } from './trace/channel-registry';
import { ReplicaForwarder } from './trace/forward';

/** A replica's marker value: `replicas/<id>`. */
export interface ReplicaInfo {
  startedAt: string;
  /** host:port of its HTTP API. */
  http?: string;
  /** Where its store lives, as a URL (`etcd://host:port,.../prefix`, `embedded:///dir/prefix`). */
  store?: string;
}

export class AllocatorCore {
  readonly ctx: AllocatorContext;
  readonly deployer: Deployer;
  readonly lifecycle: Lifecycle;
  readonly agents: Agents;
  readonly leader: LeaderElection;
  readonly reconciler: Reconciler;
  readonly storeHealth: StoreHealth;
  readonly liveness: AgentLiveness;
  readonly deployments: DeploymentTracker;
  /** The agents' trace channels to this replica (`marina trace`, trace/). */
  readonly traceAgents: TraceAgents;
  /** Checks on agents whose channel is on another replica (trace/forward.ts). */
  readonly traceForward: ReplicaForwarder;
  /** Watchers' network-programming latency, as they last reported it (the map's panel). */
  readonly programming = new ProgrammingReports();
  readonly replicaId = randomUUID();
  private marker?: Lease;
  /** What this replica tells others about itself (GET /v2/leader, /v2/info). */
  private advertised: ReplicaInfo = { startedAt: new Date().toISOString() };

  constructor(store: Store, settings: AllocatorSettings) {
    const view = new StateView(store, settings.prefix);
    const metrics = allocatorMetrics();
    const committer = new GroupCommitter(store, settings.maxTxnOps, 2, (n) => metrics.storeTxns.inc({ parts: n === 1 ? '1' : n < 5 ? '2-4' : '5+' }));
    const log = logger('allocator');
    this.storeHealth = new StoreHealth(store, log, { timeoutMs: settings.storeTimeoutMs });
    this.ctx = { store, view, reserved: new Reservations(), settings, log, metrics, committer, storeHealth: this.storeHealth };
    this.deployer = new Deployer(this.ctx);
    this.lifecycle = new Lifecycle(this.ctx, this.deployer);
    this.agents = new Agents(this.ctx);
    this.leader = new LeaderElection(this.ctx, this.replicaId);
    this.liveness = new AgentLiveness(this.leader, this.storeHealth, settings.agentGraceMs);
    this.reconciler = new Reconciler(this.ctx, this.leader, this.deployer, this.lifecycle, this.liveness);
    this.deployments = new DeploymentTracker(this.ctx, this.leader, (d, n) => applyStep(this, d, n));
    const channels = new ChannelRegistry({ store, prefix: settings.prefix, replicaId: this.replicaId, lease: () => this.marker?.id, value: (k) => view.value(k), log });
    this.traceAgents = new TraceAgents(channels);
    this.traceForward = new ReplicaForwarder(channels, this.replicaId);
  }

  async start(): Promise<void> {
    await this.ctx.view.start();
    // A leased marker per replica: lists live replicas and proves the view's backfill complete.
    this.marker = await this.ctx.store.grantLease(10);
    this.marker.keepAlive();
    await this.writeMarker();
    await this.ensureClusterId();
    await this.ctx.view.ready();
    this.ctx.view.subscribe(() => this.ctx.metrics.viewRevision.set(this.ctx.view.revision));
    this.storeHealth.start();
    this.leader.start();
    this.reconciler.start();
    this.deployments.start();
  }

  /** The first replica names the cluster; the id never changes (GET /v2/info frameworkId). */
  private async ensureClusterId(): Promise<void> {
    const key = `${this.ctx.settings.prefix}/${K.clusterId()}`;
    const res = await this.ctx.store.txn({ compares: [absent(key)], success: [{ type: 'put', key, value: JSON.stringify({ id: randomUUID() }) }] });
    await this.ctx.view.waitFor(res.revision);
  }

  get clusterId(): string | undefined {
    return this.ctx.view.value<{ id: string }>(K.clusterId())?.id;
  }

  private async writeMarker(): Promise<void> {
    if (!this.marker) return;
    await this.ctx.store.put(`${this.ctx.settings.prefix}/replicas/${this.replicaId}`, JSON.stringify(this.advertised), { lease: this.marker.id });
  }

  /** Publish this replica's HTTP address and store URL (once it listens). */
  async advertise(info: Omit<ReplicaInfo, 'startedAt'>): Promise<void> {
    this.advertised = { ...this.advertised, ...info };
    await this.writeMarker();
  }

  get info(): ReplicaInfo {
    return this.advertised;
  }

  /** A replica's advertised info from the view (the leader's for GET /v2/leader). */
  replica(id: string): ReplicaInfo | undefined {
    return this.ctx.view.value<ReplicaInfo>(`replicas/${id}`);
  }

  async stop(): Promise<void> {
    this.traceAgents.closeAll();
    this.traceForward.close();
    await this.reconciler.stop();
    this.deployments.stop();
    this.storeHealth.stop();
    await this.leader.stop();
    await this.marker?.revoke().catch(() => undefined);
    await this.ctx.view.stop();
  }
}
