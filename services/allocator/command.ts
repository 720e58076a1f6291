/** `marina allocator`: the API server and only writer of state (see README.md). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging, logger } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { OPTIONS, parseAllocatorConfig } from './options';
import { startAllocator } from './service';

export function command(): Command {
  const cmd = new Command('allocator').description('Run the allocator: Marathon-compatible HTTP API, gRPC API, placement and allocation of ports, IPs and VIPs');
  declareOptions(cmd, OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const config = parseAllocatorConfig(resolveConfig(OPTIONS, flags));
    const svc = await startAllocator(config);
    await runUntilSignal([svc], logger('allocator'));
  });
  return cmd;
}
