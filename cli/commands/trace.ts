/**
 * `marina trace FROM TO`: why FROM can or cannot reach TO, hop by hop
 * (POST /v1/trace, docs/trace.md). Exit 0 when the path works, 1 when a hop
 * fails (or the trace cannot run), 2 on bad input.
 */
import { Command, Option } from 'commander';
import { isMarinaError } from '../../lib/errors';
import type { TraceReport } from '../../lib/trace/types';
import { client, opts, withCommon } from './output';
import { traceText } from './trace-text';

interface TraceOpts {
  api?: string;
  token?: string;
  ca?: string;
  output?: string;
  timeout?: string;
}

export function command(): Command {
  const cmd = withCommon(new Command('trace'))
    .description('Explain hop by hop why FROM can or cannot reach TO (DNS, VIP, policy, path, target, probe)')
    .argument('<from>', 'a task id, an app id (one of its tasks) or a host (agent id)')
    .argument('<to>', 'NAME:PORT, VIP:PORT, IP:PORT or /APP:PORTNAME (suffix /udp for UDP)')
    .addOption(new Option('--timeout <ms>', 'per check and probe timeout, 100-10000 ms').default('2000'));
  cmd.action(async (from: string, to: string, _o: unknown, c: Command) => {
    const o = opts<TraceOpts>(c);
    const timeoutMs = Number(o.timeout);
    let report: TraceReport;
    try {
      report = await client(o).request<TraceReport>('POST', '/v1/trace', { from, to, timeoutMs });
    } catch (err) {
      if (!isMarinaError(err, 'MARINA_ERR_INVALID')) throw err;
      process.stderr.write(`marina: ${err.message}\n`);
      for (const d of err.details) process.stderr.write(`  ${d.path}: ${d.errors.join('; ')}\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(o.output === 'json' ? JSON.stringify(report, null, 2) + '\n' : traceText(report));
    process.exitCode = report.ok ? 0 : 1;
  });
  return cmd;
}
