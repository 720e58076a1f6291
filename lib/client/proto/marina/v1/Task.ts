// Original file: proto/marina/v1/marathon.proto

import type { IpAddress as _marina_v1_IpAddress, IpAddress__Output as _marina_v1_IpAddress__Output } from '../../marina/v1/IpAddress';
import type { HealthCheckResult as _marina_v1_HealthCheckResult, HealthCheckResult__Output as _marina_v1_HealthCheckResult__Output } from '../../marina/v1/HealthCheckResult';
import type { LocalVolumeId as _marina_v1_LocalVolumeId, LocalVolumeId__Output as _marina_v1_LocalVolumeId__Output } from '../../marina/v1/LocalVolumeId';

/**
 * Marathon's EnrichedTask; agent_id, ready and desired are Marina's own and
 * set only when asked (embed apps.marina).
 */
export interface Task {
  'id'?: (string);
  'appId'?: (string);
  'host'?: (string);
  'ports'?: (number)[];
  'servicePorts'?: (number)[];
  'ipAddresses'?: (_marina_v1_IpAddress)[];
  'state'?: (string);
  'stagedAt'?: (string);
  'startedAt'?: (string);
  'version'?: (string);
  'healthCheckResults'?: (_marina_v1_HealthCheckResult)[];
  'slaveId'?: (string);
  'localVolumes'?: (_marina_v1_LocalVolumeId)[];
  'agentId'?: (string);
  'ready'?: (boolean);
  'desired'?: (string);
}

/**
 * Marathon's EnrichedTask; agent_id, ready and desired are Marina's own and
 * set only when asked (embed apps.marina).
 */
export interface Task__Output {
  'id'?: (string);
  'appId'?: (string);
  'host'?: (string);
  'ports'?: (number)[];
  'servicePorts'?: (number)[];
  'ipAddresses'?: (_marina_v1_IpAddress__Output)[];
  'state'?: (string);
  'stagedAt'?: (string);
  'startedAt'?: (string);
  'version'?: (string);
  'healthCheckResults'?: (_marina_v1_HealthCheckResult__Output)[];
  'slaveId'?: (string);
  'localVolumes'?: (_marina_v1_LocalVolumeId__Output)[];
  'agentId'?: (string);
  'ready'?: (boolean);
  'desired'?: (string);
}
