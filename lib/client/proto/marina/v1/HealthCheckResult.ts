// Original file: proto/marina/v1/marathon.proto


export interface HealthCheckResult {
  'alive'?: (boolean);
  'consecutiveFailures'?: (number);
  'firstSuccess'?: (string);
  'lastFailure'?: (string);
  'lastSuccess'?: (string);
  'lastFailureCause'?: (string);
  'instanceId'?: (string);
}

export interface HealthCheckResult__Output {
  'alive'?: (boolean);
  'consecutiveFailures'?: (number);
  'firstSuccess'?: (string);
  'lastFailure'?: (string);
  'lastSuccess'?: (string);
  'lastFailureCause'?: (string);
  'instanceId'?: (string);
}
