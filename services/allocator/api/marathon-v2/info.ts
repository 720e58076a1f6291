/**
 * /ping, GET /v2/info (Marathon's MarathonInfo, info.raml: the store stands
 * in for ZooKeeper in `zookeeper_config`) and /v2/eventSubscriptions (HTTP callbacks were removed from Marathon:
 * the list is empty and subscribing is a 400 saying so).
 */
import type { FastifyInstance } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { MAX_VERSIONS } from '../../deploy/versions';
import { leaderAddress } from './leader';

const VERSION = '0.1.0';

function portOf(hostPort: string | undefined): number {
  return Number(hostPort?.slice(hostPort.lastIndexOf(':') + 1)) || 0;
}

export function marathonInfo(core: AllocatorCore): Record<string, unknown> {
  const s = core.ctx.settings;
  const leader = leaderAddress(core);
  const http = core.info.http;
  return {
    name: 'marina',
    version: VERSION,
    buildref: process.env.MARINA_BUILDREF ?? 'unknown',
    elected: core.leader.isLeader,
    ...(leader ? { leader } : {}),
    frameworkId: core.clusterId ?? core.replicaId,
    marathon_config: {
      framework_name: 'marina',
      ha: true,
      checkpoint: true,
      local_port_min: s.servicePortRange.begin,
      local_port_max: s.servicePortRange.end,
      executor: '//cmd',
      ...(http ? { hostname: http.slice(0, http.lastIndexOf(':')) } : {}),
      task_launch_timeout: s.killTimeoutMs,
      reconciliation_initial_delay: s.reconcileIntervalMs,
      reconciliation_interval: s.reconcileIntervalMs,
      features: [],
    },
    zookeeper_config: {
      zk: core.info.store ?? s.prefix,
      zk_timeout: s.storeTimeoutMs,
      zk_connection_timeout: s.storeTimeoutMs,
      zk_session_timeout: s.agentLeaseTtl * 1000,
      zk_max_versions: MAX_VERSIONS,
    },
    http_config: { http_port: portOf(http), https_port: 0 },
    event_subscriber: null,
  };
}

export function infoRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/ping', async (_req, reply) => reply.type('text/plain').send('pong'));
  app.get('/v2/info', async () => marathonInfo(core));

  app.get('/v2/eventSubscriptions', async () => ({ callbackUrls: [] }));
  const removed = async () => {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', 'HTTP callback event subscriptions were removed from Marathon (1.7); follow GET /v2/events (Server-Sent Events) instead');
  };
  app.post('/v2/eventSubscriptions', removed);
  app.delete('/v2/eventSubscriptions', removed);
}
