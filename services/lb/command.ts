/** `marina lb`: entry (options in options.ts). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { OPTIONS, parseLbConfig } from './options';
import { cleanupLb, startLb } from './service';

export function command(): Command {
  const cmd = new Command('lb').description('Program VIPs (nftables, iptables or userspace) and run the edge proxy');
  declareOptions(cmd, OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    const c = resolveConfig(OPTIONS, flags);
    const log = configureLogging();
    if (c.cleanup) {
      await cleanupLb();
      return;
    }
    const lb = await startLb(parseLbConfig(c));
    await runUntilSignal([lb], log);
  });
  return cmd;
}
