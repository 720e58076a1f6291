/**
 * Which replica holds which agent's trace channel: `tracechannels/<agentId>`
 * → `{"replica": <replicaId>}`, written under the replica's marker lease (so
 * it goes with the replica) when a stream attaches and removed when it
 * detaches, only if still this replica's (a reconnect to another replica
 * may have taken the key over). A replica without the channel finds the
 * holder here and its API address in the holder's `replicas/<id>` marker.
 */
import type { Store } from '../../../lib/store/contract';
import type { Logger } from '../../../lib/log';
import { errorMessage } from '../../../lib/errors';

export const channelKey = (agentId: string) => `tracechannels/${agentId}`;

export interface ChannelRegistryDeps {
  store: Store;
  prefix: string;
  replicaId: string;
  /** The replica's marker lease id, once it exists. */
  lease(): string | undefined;
  /** A key of the replica's view (relative to the prefix). */
  value<T>(key: string): T | undefined;
  log: Logger;
}

export class ChannelRegistry {
  constructor(private readonly d: ChannelRegistryDeps) {}

  private own(): string {
    return JSON.stringify({ replica: this.d.replicaId });
  }

  /** Best effort: a failed write only means other replicas cannot forward to this one for that agent. */
  attached(agentId: string): void {
    const lease = this.d.lease();
    if (!lease) return;
    this.d.store.put(`${this.d.prefix}/${channelKey(agentId)}`, this.own(), { lease }).catch((err: unknown) => this.d.log.warn({ agentId, err: errorMessage(err) }, 'could not register the trace channel'));
  }

  detached(agentId: string): void {
    const key = `${this.d.prefix}/${channelKey(agentId)}`;
    this.d.store
      .txn({ compares: [{ key, target: 'value', op: '==', value: this.own() }], success: [{ type: 'delete', key }] })
      .catch((err: unknown) => this.d.log.warn({ agentId, err: errorMessage(err) }, 'could not unregister the trace channel'));
  }

  /** The API address (host:port) of another live replica holding the agent's channel, if any. */
  holder(agentId: string): { replicaId: string; http: string } | undefined {
    const replicaId = this.d.value<{ replica?: string }>(channelKey(agentId))?.replica;
    if (!replicaId || replicaId === this.d.replicaId) return undefined;
    const http = this.d.value<{ http?: string }>(`replicas/${replicaId}`)?.http;
    return http ? { replicaId, http } : undefined;
  }
}
