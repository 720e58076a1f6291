/**
 * An allocator core (no transports) on the fake store, for unit tests of the
 * core's modules: claims, ports, IPs, service ports, VIPs, launcher,
 * deployer, lifecycle and reclaim, with the store's failures scripted.
 */
import { resolveConfig } from '../../../lib/config';
import type { PortRange } from '../../../lib/model/cluster';
import { FakeStore } from '../../../lib/store/testing/fake-store';
import { Claims } from '../alloc/claims';
import type { AllocatorSettings } from '../context';
import { AllocatorCore } from '../core';
import { OPTIONS, parseAllocatorConfig } from '../options';

export interface FakeCore {
  core: AllocatorCore;
  store: FakeStore;
  /** A fresh plan against the core's view. */
  claims(): Claims;
  /** Register agent `id` at 198.18.0.<n> (n from the id's position), optionally with its own port ranges. */
  register(id: string, ip: string, portRanges?: PortRange[]): Promise<void>;
  stop(): Promise<void>;
}

/** Settings as `marina allocator` parses them, with flags overridden (e.g. { agentLeaseTtl: 1 }). */
export function settingsFor(flags: Record<string, unknown> = {}): AllocatorSettings {
  return parseAllocatorConfig(resolveConfig(OPTIONS, flags, {})).settings;
}

export async function startFakeCore(flags: Record<string, unknown> = {}, store = new FakeStore()): Promise<FakeCore> {
  const core = new AllocatorCore(store, settingsFor(flags));
  await core.start();
  return {
    core,
    store,
    claims: () => new Claims(core.ctx.view, core.ctx.reserved),
    register: async (id, ip, portRanges) => {
      await core.agents.register({ id, hostname: id, ip, ...(portRanges ? { portRanges } : {}) });
    },
    stop: async () => {
      await core.stop();
      await store.close();
    },
  };
}
