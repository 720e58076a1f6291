/** `marina dns`: Mesos-DNS-compatible DNS for the cluster (see README.md). */
import { Command } from 'commander';
import { declareOptions, resolveConfig } from '../../lib/config';
import { configureLogging, logger } from '../../lib/log';
import { runUntilSignal } from '../../lib/service';
import { OPTIONS, parseDnsConfig } from './options';
import { startDns } from './service';
import { isDnsWorker, serveAsWorker, startDnsWorkers } from './workers';

export function command(): Command {
  const cmd = new Command('dns').description('Serve Mesos-DNS-compatible DNS (A/AAAA/SRV/SOA/NS, HTTP /v1) for running tasks');
  declareOptions(cmd, OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const config = parseDnsConfig(resolveConfig(OPTIONS, flags));
    if (isDnsWorker()) return void (await runUntilSignal([await serveAsWorker(config)], logger('dns')));
    const svc = config.workers > 1 ? await startDnsWorkers(config) : await startDns(config);
    await runUntilSignal([svc], logger('dns'));
  });
  return cmd;
}
