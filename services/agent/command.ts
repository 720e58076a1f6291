/** `marina agent`: wire and run the tasks placed on this host (see README.md). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging, logger } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { cleanupAgent } from './cleanup';
import { OPTIONS, parseAgentConfig, parseCleanupConfig } from './options';
import { startAgent } from './service';

export function command(): Command {
  const cmd = new Command('agent').description('Run the agent: register with the allocator, wire task network namespaces (CNI), run tasks and health checks, keep the VXLAN/host-gw fabric');
  declareOptions(cmd, OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const values = resolveConfig(OPTIONS, flags);
    if (values.cleanup) {
      await cleanupAgent(parseCleanupConfig(values));
      return;
    }
    const config = parseAgentConfig(values);
    const svc = await startAgent(config);
    await runUntilSignal([svc], logger('agent'));
  });
  return cmd;
}
