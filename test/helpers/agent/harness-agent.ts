/**
 * An in-process agent on a simulated host, speaking to a real allocator
 * (services/allocator/testing/harness) over gRPC as its own node, with an
 * agent token for that host: the wiring `marina agent` has, minus the process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../../lib/client/grpc-feed';
import { MarinaAgent } from '../../../services/agent/agent';
import type { Harness } from '../../../services/allocator/testing/harness';
import type { SimHost } from './hosts';

export interface HarnessAgent {
  agent: MarinaAgent;
  api: GrpcAgentApi;
  dataDir: string;
  /** Stop the agent (killing its tasks), close its client, remove its data dir. */
  stop(): Promise<void>;
}

/** Not started: the caller attaches what it needs (listeners, a start gate) and calls agent.start(). */
export async function harnessAgent(h: Harness, host: SimHost, dirPrefix: string): Promise<HarnessAgent> {
  const token = (await h.svc.auth.tokens.create({ role: 'agent', node: host.name })).token;
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { token } });
  const agent = new MarinaAgent({
    registration: { id: host.name, hostname: host.name, ip: host.ip, portRanges: [{ begin: 31000, end: 32000 }] },
    feed: new GrpcClusterFeed({ address: h.svc.grpcAddress, agentId: host.name, credentials: { token } }),
    api,
    dataDir,
    cniPath: ['/usr/lib/cni'],
    mtu: 1500,
    hostNetns: host.netns,
    killGraceMs: 500,
  });
  return {
    agent,
    api,
    dataDir,
    stop: async () => {
      await agent.stop({ killTasks: true }).catch(() => undefined);
      api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
