// Original file: proto/marina/v1/marathon.proto

import type { DeploymentPlan as _marina_v1_DeploymentPlan, DeploymentPlan__Output as _marina_v1_DeploymentPlan__Output } from '../../marina/v1/DeploymentPlan';
import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from '../../marina/v1/DeploymentStep';

/**
 * deployment_info, deployment_step_success, deployment_step_failure
 */
export interface DeploymentStepEvent {
  'plan'?: (_marina_v1_DeploymentPlan | null);
  'currentStep'?: (_marina_v1_DeploymentStep | null);
  'eventType'?: (string);
  'timestamp'?: (string);
}

/**
 * deployment_info, deployment_step_success, deployment_step_failure
 */
export interface DeploymentStepEvent__Output {
  'plan'?: (_marina_v1_DeploymentPlan__Output);
  'currentStep'?: (_marina_v1_DeploymentStep__Output);
  'eventType'?: (string);
  'timestamp'?: (string);
}
