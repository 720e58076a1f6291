/**
 * Loads proto/marina/v1/marina.proto at runtime (no generated code) and
 * exposes the service constructors and message shapes (camelCase fields,
 * uint64 as JS numbers, defaults filled in).
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { repoRoot } from '../paths';

export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cachedDef: protoLoader.PackageDefinition | undefined;

/** Path of marina.proto inside the package. */
export function protoPath(): string {
  return join(repoRoot(), 'proto', 'marina', 'v1', 'marina.proto');
}

/** The loaded package definition (cached). */
export function packageDefinition(): protoLoader.PackageDefinition {
  cachedDef ??= protoLoader.loadSync(protoPath(), PROTO_LOADER_OPTIONS);
  return cachedDef;
}

/**
 * Largest gRPC message either side sends or accepts (grpc-js defaults to 4 MiB
 * received). One object (an app of up to the 8 MiB body limit, or a task whose
 * env carries that app's labels) must fit a message; snapshots are cut into
 * chunks far below this (services/allocator/api/grpc/watch.ts).
 */
export const DEFAULT_MAX_GRPC_MESSAGE_BYTES = 32 * 1024 * 1024;

export type ServiceName = 'Apps' | 'Allocations' | 'Agents' | 'Watch';

/** The grpc-js client constructor (with `.service`) for one marina.v1 service. */
export function serviceClient(name: ServiceName): grpc.ServiceClientConstructor {
  const root = grpc.loadPackageDefinition(packageDefinition()) as unknown as {
    marina: { v1: Record<ServiceName, grpc.ServiceClientConstructor> };
  };
  return root.marina.v1[name];
}

// ------------------------------------------------------------ messages

export interface PortRangeMsg {
  begin: number;
  end: number;
}

export interface RegisterAgentRequestMsg {
  id: string;
  hostname: string;
  ip: string;
  ip6: string;
  portRanges: PortRangeMsg[];
  attributes: Record<string, string>;
  mtu: number;
}

export interface TaskStatusRequestMsg {
  agentId: string;
  taskId: string;
  state: string;
  ready: boolean;
  healthCheckResultsJson: string;
  message: string;
}

export interface ObjectChangeMsg {
  kind: 'app' | 'task' | 'agent' | 'network';
  op: 'put' | 'delete';
  id: string;
  valueJson: string;
}

export interface WatchRequestMsg {
  fromRevision: number;
  agentId: string;
}

export interface WatchMessageMsg {
  revision: number;
  body?: 'snapshot' | 'batch';
  /** `more`: another chunk of this snapshot follows (apply the snapshot after the last). */
  snapshot?: { objects: ObjectChangeMsg[]; resync: boolean; more?: boolean } | null;
  batch?: { changes: ObjectChangeMsg[] } | null;
}

export interface AllocationMsg {
  kind: string;
  key: string;
  appId: string;
  taskId: string;
  agentId: string;
  network: string;
  value: string;
}

/** Marina's error code travels in this metadata key so clients can rebuild a MarinaError. */
export const ERROR_CODE_METADATA = 'marina-error-code';
export const ERROR_DETAILS_METADATA = 'marina-error-details';

/** Metadata naming the agent on its Agents.TraceChecks stream (NodeRestriction checks it). */
export const TRACE_AGENT_METADATA = 'marina-agent-id';

export interface TraceCheckRequestMsg {
  id: string;
  check: string;
  paramsJson: string;
}

export interface TraceCheckReplyMsg {
  id: string;
  resultJson: string;
  error: string;
}
