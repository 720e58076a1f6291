// Original file: proto/marina/v1/marathon.proto

import type { ReadinessCheckResult as _marina_v1_ReadinessCheckResult, ReadinessCheckResult__Output as _marina_v1_ReadinessCheckResult__Output } from '../../marina/v1/ReadinessCheckResult';

/**
 * An action of the step in progress (currentActions).
 */
export interface DeploymentActionInfo {
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult)[];
}

/**
 * An action of the step in progress (currentActions).
 */
export interface DeploymentActionInfo__Output {
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult__Output)[];
}
