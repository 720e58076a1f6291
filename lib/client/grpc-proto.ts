/**
 * Loads proto/marina/v1/marina.proto at runtime and exposes the service
 * constructors. Marina's own services (Agents, Allocations, Watch, Policies) carry
 * proto-loader objects (camelCase fields, uint64 as JS numbers, defaults
 * filled in); the Marathon services (MARATHON_SERVICES) carry the /v2 JSON
 * shapes through proto-json.ts, so both transports share one renderer. The
 * message types are generated in lib/client/proto/ (npm run gen:proto).
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { repoRoot } from '../paths';
import { fromWire, messageType, toWire } from './proto-json';

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
  cachedDef ??= protoLoader.loadSync('marina/v1/marina.proto', { ...PROTO_LOADER_OPTIONS, includeDirs: [join(repoRoot(), 'proto')] });
  return cachedDef;
}

/**
 * Largest gRPC message either side sends or accepts (grpc-js defaults to 4 MiB
 * received). One object (an app of up to the 8 MiB body limit, or a task whose
 * env carries that app's labels) must fit a message; snapshots are cut into
 * chunks far below this (services/allocator/api/grpc/watch.ts).
 */
export const DEFAULT_MAX_GRPC_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Services whose messages are Marathon's objects: requests and replies travel as /v2 JSON shapes. */
export const MARATHON_SERVICES = ['Apps', 'Tasks', 'Pods', 'Queue', 'Deployments', 'Groups', 'Events'] as const;
export type MarathonServiceName = (typeof MARATHON_SERVICES)[number];
export type ServiceName = MarathonServiceName | 'Allocations' | 'Agents' | 'Watch' | 'Policies';

function isMarathon(name: ServiceName): name is MarathonServiceName {
  return (MARATHON_SERVICES as readonly string[]).includes(name);
}

/** One service's definition with proto3-JSON (de)serializers: requests without empty lists, replies with them. */
function jsonServiceDefinition(def: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [method, m] of Object.entries(def)) {
    const reqType = messageType((m as unknown as { requestType: { type: { name: string } } }).requestType.type.name);
    const resType = messageType((m as unknown as { responseType: { type: { name: string } } }).responseType.type.name);
    out[method] = {
      ...m,
      requestSerialize: (v: unknown) => Buffer.from(toWire(reqType, v as Record<string, unknown>)),
      requestDeserialize: (b: Buffer) => fromWire(reqType, b, false),
      responseSerialize: (v: unknown) => Buffer.from(toWire(resType, v as Record<string, unknown>)),
      responseDeserialize: (b: Buffer) => fromWire(resType, b),
    };
  }
  return out;
}

const ctors = new Map<ServiceName, grpc.ServiceClientConstructor>();

/** The grpc-js client constructor (with `.service`) for one marina.v1 service. */
export function serviceClient(name: ServiceName): grpc.ServiceClientConstructor {
  const cached = ctors.get(name);
  if (cached) return cached;
  const root = grpc.loadPackageDefinition(packageDefinition()) as unknown as {
    marina: { v1: Record<ServiceName, grpc.ServiceClientConstructor> };
  };
  const base = root.marina.v1[name];
  const ctor = isMarathon(name) ? grpc.makeGenericClientConstructor(jsonServiceDefinition(base.service), name) : base;
  ctors.set(name, ctor);
  return ctor;
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
  kind: 'app' | 'task' | 'agent' | 'network' | 'policy';
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
