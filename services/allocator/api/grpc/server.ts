/** The gRPC server: marina.v1 services, grpc.health.v1 and reflection. */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { packageDefinition, serviceClient } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../core';
import { agentsService, allocationsService, appsService } from './services';
import { watchService } from './watch';
import { withWatchKeepAlive } from './watch-keepalive';

export interface GrpcServerHandle {
  server: grpc.Server;
  address: string;
  health: HealthImplementation;
  stop(): Promise<void>;
}

export async function startGrpc(core: AllocatorCore, listen: string): Promise<GrpcServerHandle> {
  const server = new grpc.Server({ 'grpc.keepalive_permit_without_calls': 1, 'grpc.http2.min_ping_interval_without_data_ms': 5_000 });
  server.addService(serviceClient('Apps').service, appsService(core));
  server.addService(serviceClient('Allocations').service, allocationsService(core));
  server.addService(serviceClient('Agents').service, agentsService(core));
  server.addService(serviceClient('Watch').service, withWatchKeepAlive(watchService(core)));
  const health = new HealthImplementation({ '': 'SERVING', 'marina.v1.Apps': 'SERVING', 'marina.v1.Agents': 'SERVING', 'marina.v1.Watch': 'SERVING', 'marina.v1.Allocations': 'SERVING' });
  health.addToServer(server);
  new ReflectionService(packageDefinition()).addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
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
