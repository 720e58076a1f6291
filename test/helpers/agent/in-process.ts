/**
 * Agents run in the test process, one per simulated host, each managing its
 * host's netns through `nsenter` (the agent never setns()es itself). They
 * use the real CNI plugins, ip, iptables and task processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarinaAgent, type AgentOptions } from '../../../services/agent/agent';
import type { FakeAllocator } from './fake-allocator';
import type { SimHost } from './hosts';

export interface AgentHandle {
  agent: MarinaAgent;
  host: SimHost;
  dataDir: string;
  restart(): Promise<void>;
  stop(killTasks?: boolean): Promise<void>;
}

export async function startInProcessAgent(alloc: FakeAllocator, host: SimHost, extra: Partial<AgentOptions> = {}): Promise<AgentHandle> {
  const dataDir = extra.dataDir ?? mkdtempSync(join(tmpdir(), 'marina-agent-'));
  const make = () =>
    new MarinaAgent({
      registration: { hostname: host.name, ip: host.ip, portRanges: [{ begin: 31000, end: 32000 }] },
      feed: alloc.feed.subscriber(),
      api: alloc,
      dataDir,
      cniPath: ['/usr/lib/cni'],
      mtu: 1500,
      hostNetns: host.netns,
      killGraceMs: 1000,
      fabricRecheckMs: 1000,
      ...extra,
    });
  const handle: AgentHandle = {
    agent: make(),
    host,
    dataDir,
    restart: async () => {
      await handle.agent.stop();
      handle.agent = make();
      await handle.agent.start();
    },
    stop: async (killTasks = true) => {
      await handle.agent.stop({ killTasks });
      if (killTasks) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await handle.agent.start();
  return handle;
}
