// Original file: proto/marina/v1/marathon.proto

import type { DeploymentPlan as _marina_v1_DeploymentPlan, DeploymentPlan__Output as _marina_v1_DeploymentPlan__Output } from '../../marina/v1/DeploymentPlan';

/**
 * deployment_success, deployment_failed
 */
export interface DeploymentEndEvent {
  'id'?: (string);
  'plan'?: (_marina_v1_DeploymentPlan | null);
  'eventType'?: (string);
  'timestamp'?: (string);
}

/**
 * deployment_success, deployment_failed
 */
export interface DeploymentEndEvent__Output {
  'id'?: (string);
  'plan'?: (_marina_v1_DeploymentPlan__Output);
  'eventType'?: (string);
  'timestamp'?: (string);
}
