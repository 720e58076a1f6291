/** `marina agent`: wire and run the tasks placed on this host (see README.md). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging, logger } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { cleanupAgent } from './cleanup';
import { OPTIONS, parseAgentConfig, parseCleanupConfig } from './options';
import { startAgent } from './service';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_IDENTITY_OPTIONS, agentCredentials, tokenCredentials } from '../../lib/client/join';

export function command(): Command {
  const cmd = new Command('agent').description('Run the agent: register with the allocator, wire task network namespaces (CNI), run tasks and health checks, keep the VXLAN/host-gw fabric');
  declareOptions(cmd, [...OPTIONS, ...AGENT_IDENTITY_OPTIONS]);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const values = resolveConfig(OPTIONS, flags);
    if (values.cleanup) {
      await cleanupAgent(parseCleanupConfig(values));
      return;
    }
    const config = parseAgentConfig(values);
    const id = resolveConfig(AGENT_IDENTITY_OPTIONS, flags);
    const credentials = id.joinToken || existsSync(join(config.dataDir, 'identity', 'agent.crt'))
      ? await agentCredentials({ address: config.allocator, hostname: config.hostname, dir: join(config.dataDir, 'identity'), joinToken: id.joinToken as string | undefined, ca: id.ca as string | undefined })
      : tokenCredentials(id);
    const svc = await startAgent(config, { credentials });
    await runUntilSignal([svc], logger('agent'));
  });
  return cmd;
}
