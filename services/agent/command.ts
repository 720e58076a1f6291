/** `marina agent`: wire and run the tasks placed on this host (see README.md). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging, logger } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { OPTIONS, parseAgentConfig } from './options';
import { startAgent } from './service';

export function command(): Command {
  const cmd = new Command('agent').description('Run the agent: register with the allocator, wire task network namespaces (CNI), run tasks and health checks, keep the VXLAN/host-gw fabric');
  declareOptions(cmd, OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const config = parseAgentConfig(resolveConfig(OPTIONS, flags));
    const svc = await startAgent(config);
    await runUntilSignal([svc], logger('agent'));
  });
  return cmd;
}
