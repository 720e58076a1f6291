// Original file: proto/marina/v1/marathon.proto

import type { HealthCheck as _marina_v1_HealthCheck, HealthCheck__Output as _marina_v1_HealthCheck__Output } from '../../marina/v1/HealthCheck';

export interface FailedHealthCheckEvent {
  'appId'?: (string);
  'instanceId'?: (string);
  'healthCheck'?: (_marina_v1_HealthCheck | null);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface FailedHealthCheckEvent__Output {
  'appId'?: (string);
  'instanceId'?: (string);
  'healthCheck'?: (_marina_v1_HealthCheck__Output);
  'eventType'?: (string);
  'timestamp'?: (string);
}
