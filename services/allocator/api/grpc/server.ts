/** The gRPC server: marina.v1 services, grpc.health.v1 and reflection. */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { packageDefinition, serviceClient, type ServiceName } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../core';
import { agentsService, allocationsService } from './services';
import { appsService, deploymentsService, groupsService, podsService, queueService, tasksService } from './marathon';
import { eventsService } from './events';
import { watchService } from './watch';
import type { ApiAuth } from '../../auth/api-auth';
import { guardService } from '../../auth/grpc-guard';
import { joinHandler, renewHandler } from '../../auth/join';
import { withWatchKeepAlive } from './watch-keepalive';
import { traceChecksHandler } from './trace-checks';
import { policiesService } from './policies';

export interface GrpcServerHandle {
  server: grpc.Server;
  address: string;
  health: HealthImplementation;
  stop(): Promise<void>;
}

export async function startGrpc(core: AllocatorCore, listen: string, auth: ApiAuth, credentials = grpc.ServerCredentials.createInsecure()): Promise<GrpcServerHandle> {
  const maxBytes = core.ctx.settings.limits.maxGrpcMessageBytes;
  const server = new grpc.Server({
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 5_000,
    'grpc.max_receive_message_length': maxBytes,
    'grpc.max_send_message_length': maxBytes,
  });
  // Every marina.v1 method passes authn/authz (auth/grpc-guard.ts); health and reflection stay open.
  const add = (name: ServiceName, impl: grpc.UntypedServiceImplementation, def: grpc.ServiceDefinition = serviceClient(name).service) => {
    server.addService(def, guardService(name, def, impl, auth, core));
  };
  add('Apps', appsService(core));
  add('Tasks', tasksService(core));
  add('Pods', podsService(core));
  add('Queue', queueService(core));
  add('Deployments', deploymentsService(core));
  add('Groups', groupsService(core));
  add('Events', eventsService(core));
  add('Allocations', allocationsService(core));
  add('Policies', policiesService(core));
  add('Agents', { ...agentsService(core), Join: joinHandler(auth), Renew: renewHandler(auth), TraceChecks: traceChecksHandler(core.traceAgents) as grpc.UntypedHandleCall });
  // Watch messages are encoded once and shared across streams (watch-encoding.ts): its serializer passes bytes through
  const watchDef = serviceClient('Watch').service;
  const encode = (msg: unknown) => watchDef.Watch.responseSerialize(msg);
  const passThrough = (msg: unknown) => (Buffer.isBuffer(msg) ? msg : encode(msg));
  add('Watch', withWatchKeepAlive(watchService(core, encode)), { ...watchDef, Watch: { ...watchDef.Watch, responseSerialize: passThrough } });
  const names = ['Apps', 'Tasks', 'Pods', 'Queue', 'Deployments', 'Groups', 'Events', 'Agents', 'Watch', 'Allocations', 'Policies'];
  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(names.map((n) => [`marina.v1.${n}`, 'SERVING'])) });
  health.addToServer(server);
  new ReflectionService(packageDefinition()).addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  const host = listen.slice(0, listen.lastIndexOf(':'));
  return {
    server,
    address: `${host}:${port}`,
    health,
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 300);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
