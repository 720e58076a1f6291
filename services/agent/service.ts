/**
 * startAgent: the agent as a running service — registration, feed and
 * reports over the allocator's gRPC API, plus an HTTP endpoint with
 * /health (200 once the first snapshot arrived) and Prometheus /metrics.
 */
import { createServer } from 'node:http';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { reportProgramming } from '../../lib/metrics/programming-reporter';
import { CertRenewal } from '../../lib/client/renew';
import { MarinaError, errorMessage } from '../../lib/errors';
import type { GrpcCredentials } from '../../lib/client/grpc-call';
import { logger } from '../../lib/log';
import { Counter, Gauge, Histogram, serviceRegistry } from '../../lib/metrics';
import type { RunningService } from '../../lib/service';
import { MarinaAgent } from './agent';
import { PolicyEnforcement } from './policy/enforcer';
import type { AgentConfig } from './options';
import { resolveTaskUser } from './runner/task-user';
import { TraceChannel } from './trace/channel';
import { TraceChecks } from './trace/checks';

/** credentials: how to reach the allocator (default: --join-token's certificate, MARINA_TOKEN or the client config). */
export async function startAgent(config: AgentConfig, opts: { credentials?: GrpcCredentials } = {}): Promise<RunningService & { agent: MarinaAgent }> {
  const log = logger('agent', { hostname: config.hostname });
  // Every task without "user" runs as this one: a host without it is a configuration error, not a stream of failed tasks.
  await resolveTaskUser(config.defaultTaskUser).catch((err: unknown) => {
    throw new MarinaError('MARINA_ERR_CONFIG', `--default-task-user: ${errorMessage(err)}`);
  });
  const credentials = opts.credentials;
  const api = new GrpcAgentApi({ address: config.allocator, credentials });
  const feed = new GrpcClusterFeed({ address: config.allocator, credentials });
  const agent = new MarinaAgent({
    registration: { id: config.hostname, hostname: config.hostname, ip: config.ip, ...(config.ip6 ? { ip6: config.ip6 } : {}), portRanges: config.portRanges, attributes: config.attributes },
    feed,
    api,
    dataDir: config.dataDir,
    cniPath: config.cniPath,
    mtu: config.mtu,
    dnsServer: config.dnsServer,
    redis: config.redis,
    underlayIf: config.underlayIf,
    killGraceMs: config.killGraceSeconds * 1000,
    drainMs: config.drainDelaySeconds * 1000,
    pidNamespace: config.pidNamespace,
    defaultTaskUser: config.defaultTaskUser,
    hostPorts: config.hostPorts,
  });
  const registry = serviceRegistry('agent', { processMetrics: true });
  new Gauge({ name: 'marina_agent_tasks', help: 'Tasks this agent runs or is launching.', registers: [registry], collect() { this.set(agent.lives.size); } });
  new Gauge({ name: 'marina_agent_launches_total', help: 'Tasks launched since start.', registers: [registry], collect() { this.set(agent.launches); } });
  new Gauge({ name: 'marina_agent_fabric_syncs_total', help: 'Fabric syncs applied since start.', registers: [registry], collect() { this.set(agent.fabric.syncs); } });
  new Gauge({ name: 'marina_agent_fabric_sync_failures_total', help: 'Fabric syncs the kernel refused in part or whole (retried after 1 s).', registers: [registry], collect() { this.set(agent.fabric.failures); } });
  new Gauge({ name: 'marina_agent_fabric_in_sync', help: '1 when the kernel holds the fabric the cluster view asks for.', registers: [registry], collect() { this.set(agent.fabric.inSync ? 1 : 0); } });
  new Gauge({ name: 'marina_agent_status_reports_pending', help: 'Task status reports not yet acknowledged by the allocator (retried with backoff).', registers: [registry], collect() { this.set(agent.reporter.size); } });
  new Gauge({ name: 'marina_agent_status_report_failures_total', help: 'Task status report attempts that failed and were retried.', registers: [registry], collect() { this.set(agent.reporter.failures); } });
  new Gauge({ name: 'marina_agent_status_reports_dropped_total', help: 'Task status reports the allocator refused for good (task gone or report invalid).', registers: [registry], collect() { this.set(agent.reporter.dropped); } });
  new Gauge({ name: 'marina_agent_host_nat_rechecks_total', help: 'Host NAT table re-checks applied since start.', registers: [registry], collect() { this.set(agent.hostNat.applied); } });
  const programming = new Histogram({
    name: 'marina_policy_programming_duration_seconds',
    help: 'From a live change\'s commit time (policy version, task placement; a task stop from its receipt) to this host\'s policy table holding it.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Network policy (issue 11): this agent enforces it for its own tasks (docs/policy.md "Enforcement").
  const runningToProgrammed = new Histogram({
    name: 'marina_policy_running_to_programmed_seconds',
    help: 'From a new task running (its startedAt) to this host\'s policy table holding its addresses; 0 when the table held them first (addresses are assigned at placement).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const policy = new PolicyEnforcement(agent, { resyncMs: config.policyResyncSeconds * 1000, histogram: programming, runningHistogram: runningToProgrammed });
  policy.start();
  // a task's process starts once this host's table holds it (no window where a selected app's new task is open)
  const unprotected = new Counter({ name: 'marina_policy_unprotected_starts_total', help: 'Tasks started before this host\'s policy table held them (the table could not be programmed within 5 s).', registers: [registry] });
  agent.setStartGate(async () => {
    const ok = await policy.programmedNow();
    if (!ok) unprotected.inc();
    return ok;
  });
  new Gauge({ name: 'marina_policy_syncs_total', help: 'Policy table syncs applied since start.', registers: [registry], collect() { this.set(policy.syncer.syncs); } });
  new Gauge({ name: 'marina_policy_sync_failures_total', help: 'Policy table syncs the kernel refused (retried with a full resync after 1 s, backing off to 30 s).', registers: [registry], collect() { this.set(policy.syncer.failures); } });
  await agent.start();
  // the map shows it (GET /v1/programming-latency on the allocator), under this agent's own id
  const reporter = reportProgramming(feed, programming, 'agent-policy', agent.id, log);
  // `marina trace`: the allocator asks this agent for host-side checks over its own stream (trace/).
  const checks = new TraceChecks({ exec: agent.exec, dnsServer: config.dnsServer, place: (id) => agent.tracePlace(id) });
  const trace = new TraceChannel({ address: config.allocator, credentials, agentId: () => agent.id, checks });
  trace.start();
  const [host, port] = config.listen.split(':');
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(agent.isSynced ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ synced: agent.isSynced, agentId: agent.id, tasks: agent.lives.size, fabricInSync: agent.fabric.inSync }));
    } else if (req.url === '/metrics') {
      void registry.metrics().then((body) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(Number(port), host, resolve));
  // An identity from joining renews itself at 2/3 of its lifetime (lib/client/renew.ts).
  const renewal = credentials?.renewal instanceof CertRenewal ? credentials.renewal : undefined;
  renewal?.start();
  log.info({ listen: config.listen, allocator: config.allocator }, 'agent started');
  return {
    name: 'agent',
    agent,
    stop: async () => {
      reporter?.stop();
      renewal?.stop();
      server.close();
      trace.stop();
      await checks.stopAll();
      await policy.stop();
      await agent.stop();
    },
  };
}
