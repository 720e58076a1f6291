/**
 * The cluster feed: how agents, DNS and lb follow the allocator's state.
 * Implementations: the allocator's gRPC Watch stream (lib/client), and
 * MemoryFeed (tests, and in-process use by `marina up`).
 *
 * Contract (kube-proxy's isInitialized, CoreDNS's ready): a consumer gets one
 * full snapshot first, then change batches in revision order. After a
 * compaction or a long disconnect it gets a fresh snapshot again, which it
 * must swap in whole. While the allocator is unreachable nothing is
 * delivered and consumers keep serving their last state.
 */
import type { AppDefinition } from '../model/app';
import type { Agent, Task, VirtualNetwork } from '../model/cluster';
import type { Policy } from '../model/policy';
import type { ProgrammingReport } from '../metrics/programming-reporter';
import type { FreshnessReport } from './freshness';

export interface ClusterSnapshot {
  revision: number;
  apps: Map<string, AppDefinition>;
  tasks: Map<string, Task>;
  agents: Map<string, Agent>;
  networks: Map<string, VirtualNetwork>;
  /** Network policies by id (issue 11; enforced by the agent). */
  policies: Map<string, Policy>;
}

export type ClusterEvent =
  | { kind: 'app'; op: 'put'; id: string; value: AppDefinition }
  | { kind: 'task'; op: 'put'; id: string; value: Task }
  | { kind: 'agent'; op: 'put'; id: string; value: Agent }
  | { kind: 'network'; op: 'put'; id: string; value: VirtualNetwork }
  | { kind: 'policy'; op: 'put'; id: string; value: Policy }
  | { kind: 'app' | 'task' | 'agent' | 'network' | 'policy'; op: 'delete'; id: string };

export interface FeedHandler {
  /** A full state: replace everything known with this. */
  onSnapshot(snapshot: ClusterSnapshot): void;
  /** Changes after the last snapshot or batch, in order. */
  onEvents(revision: number, events: ClusterEvent[]): void;
}

export interface ClusterFeed {
  start(handler: FeedHandler): Promise<void>;
  stop(): Promise<void>;
  /** How long ago the allocator was last heard from (feeds over a network; see freshness.ts). */
  freshness?(): FreshnessReport;
  /** Tell the allocator this follower's programming latency (feeds over gRPC; lib/metrics/programming-reporter.ts). */
  reportProgrammingLatency?(r: ProgrammingReport): Promise<void>;
}

export function emptySnapshot(revision = 0): ClusterSnapshot {
  return { revision, apps: new Map(), tasks: new Map(), agents: new Map(), networks: new Map(), policies: new Map() };
}

/** Apply a batch of events to a snapshot in place (consumers that keep a mirror use this). */
export function applyEvents(snapshot: ClusterSnapshot, revision: number, events: ClusterEvent[]): void {
  for (const ev of events) {
    const map = mapFor(snapshot, ev.kind) as Map<string, unknown>;
    if (ev.op === 'put') map.set(ev.id, ev.value);
    else map.delete(ev.id);
  }
  snapshot.revision = revision;
}

function mapFor(s: ClusterSnapshot, kind: ClusterEvent['kind']): Map<string, unknown> {
  switch (kind) {
    case 'app':
      return s.apps;
    case 'task':
      return s.tasks;
    case 'agent':
      return s.agents;
    case 'network':
      return s.networks;
    case 'policy':
      return s.policies;
  }
}
