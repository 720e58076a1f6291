import {
  applyEvents,
  emptySnapshot,
  type ClusterEvent,
  type ClusterFeed,
  type ClusterSnapshot,
  type FeedHandler,
} from '../feed';

function cloneSnapshot(s: ClusterSnapshot): ClusterSnapshot {
  return {
    revision: s.revision,
    apps: new Map(s.apps),
    tasks: new Map(s.tasks),
    agents: new Map(s.agents),
    networks: new Map(s.networks),
    policies: new Map(s.policies),
  };
}

/**
 * An in-process feed: tests publish events into it; several consumers can
 * subscribe. Each consumer gets a snapshot first, then the batches.
 */
export class MemoryFeed {
  private state: ClusterSnapshot = emptySnapshot();
  private readonly handlers = new Set<FeedHandler>();

  get revision(): number {
    return this.state.revision;
  }

  /** Publish a batch at the next revision. */
  publish(events: ClusterEvent[]): number {
    const revision = this.state.revision + 1;
    applyEvents(this.state, revision, events);
    for (const h of this.handlers) h.onEvents(revision, events);
    return revision;
  }

  /** Replace the whole state and send every consumer a fresh snapshot (as after a compaction). */
  resync(snapshot: ClusterSnapshot): void {
    this.state = cloneSnapshot(snapshot);
    for (const h of this.handlers) h.onSnapshot(cloneSnapshot(this.state));
  }

  /** A ClusterFeed view for one consumer. */
  subscriber(): ClusterFeed {
    let mine: FeedHandler | undefined;
    return {
      start: async (handler: FeedHandler) => {
        mine = handler;
        this.handlers.add(handler);
        handler.onSnapshot(cloneSnapshot(this.state));
      },
      stop: async () => {
        if (mine) this.handlers.delete(mine);
      },
    };
  }
}
