/**
 * The allocator's resource limits as options (flags, MARINA_MAX_* env, config
 * file): what one request, one app, one gRPC message or one client may make
 * the allocator hold or compute. docs/api.md has the table.
 */
import { MarinaError } from '../../lib/errors';
import type { ConfigValues, OptionSpec } from '../../lib/config';
import { camel } from '../../lib/config';
import { DEFAULT_APP_LIMITS, type AppLimits } from '../../lib/validation/limits';
import { DEFAULT_MAX_GRPC_MESSAGE_BYTES } from '../../lib/client/grpc-proto';
import { DEFAULT_POLICY_LIMITS, type PolicyLimits } from '../../lib/validation/policy';

/** Limits beyond one app definition. */
export interface ServiceLimits {
  /** Largest gRPC message sent or received (--max-grpc-message-bytes). */
  maxGrpcMessageBytes: number;
  /** Open Watch streams per client address (--max-watch-streams-per-client). */
  maxWatchStreamsPerClient: number;
  /** Attributes of one agent (--max-agent-attributes). */
  maxAgentAttributes: number;
  /** Bytes of one agent attribute, key plus value (--max-agent-attribute-bytes). */
  maxAgentAttributeBytes: number;
  /** Network policies in the cluster (--max-policies). */
  maxPolicies: number;
}

export type Limits = AppLimits & ServiceLimits & PolicyLimits;

export const DEFAULT_LIMITS: Limits = {
  ...DEFAULT_APP_LIMITS,
  maxGrpcMessageBytes: DEFAULT_MAX_GRPC_MESSAGE_BYTES,
  maxWatchStreamsPerClient: 64,
  maxAgentAttributes: 64,
  maxAgentAttributeBytes: 1_024,
  maxPolicies: 10_000,
  ...DEFAULT_POLICY_LIMITS,
};

const DESCRIPTIONS: Record<keyof Limits, string> = {
  maxInstances: 'instances of one app',
  maxInstancesPerRequest: 'instances one request may add to an app',
  maxPorts: 'portDefinitions / portMappings of one app',
  maxServicePorts: 'service ports one app holds',
  maxLabels: 'labels of one label map (app, port, network)',
  maxLabelBytes: 'bytes of one label (key + value)',
  maxEnv: 'environment variables of one app',
  maxEnvBytes: 'bytes of one environment variable (KEY=VALUE)',
  maxIdLength: 'characters of an app id',
  maxIdSegments: 'segments of an app id',
  maxConstraints: 'placement constraints of one app',
  maxGrpcMessageBytes: 'largest gRPC message sent or received (must hold the largest object: 8 MiB body limit + encoding)',
  maxWatchStreamsPerClient: 'open Watch streams per client address',
  maxAgentAttributes: 'attributes of one agent',
  maxAgentAttributeBytes: 'bytes of one agent attribute (key + value)',
  maxPolicies: 'network policies in the cluster',
  maxPolicyRules: 'ingress plus egress rules of one network policy',
  maxPolicyEntries: 'entries of one list or map in a network policy (apps, labels, cidrs, ports)',
};

/** `maxInstances` → `max-instances`. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export const LIMIT_OPTIONS: OptionSpec[] = (Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>).map((key) => ({
  name: flagName(key),
  type: 'number',
  description: `limit: ${DESCRIPTIONS[key]}`,
  default: DEFAULT_LIMITS[key],
}));

/** The limits from resolved option values; each must be a positive integer. */
export function parseLimits(v: ConfigValues): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
    const name = flagName(key);
    const n = Number(v[camel(name)] ?? DEFAULT_LIMITS[key]);
    if (!Number.isInteger(n) || n < 1) throw new MarinaError('MARINA_ERR_CONFIG', `--${name}: must be a positive integer`);
    out[key] = n;
  }
  if (out.maxGrpcMessageBytes < 1024 * 1024) throw new MarinaError('MARINA_ERR_CONFIG', '--max-grpc-message-bytes: must be at least 1048576');
  return out;
}
