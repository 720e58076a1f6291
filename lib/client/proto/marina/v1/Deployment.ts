// Original file: proto/marina/v1/marathon.proto

import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from '../../marina/v1/DeploymentStep';
import type { DeploymentAction as _marina_v1_DeploymentAction, DeploymentAction__Output as _marina_v1_DeploymentAction__Output } from '../../marina/v1/DeploymentAction';

/**
 * GET /v2/deployments entry.
 */
export interface Deployment {
  'id'?: (string);
  'version'?: (string);
  'affectedApps'?: (string)[];
  'affectedPods'?: (string)[];
  'steps'?: (_marina_v1_DeploymentStep)[];
  'currentActions'?: (_marina_v1_DeploymentAction)[];
  'currentStep'?: (number);
  'totalSteps'?: (number);
}

/**
 * GET /v2/deployments entry.
 */
export interface Deployment__Output {
  'id'?: (string);
  'version'?: (string);
  'affectedApps'?: (string)[];
  'affectedPods'?: (string)[];
  'steps'?: (_marina_v1_DeploymentStep__Output)[];
  'currentActions'?: (_marina_v1_DeploymentAction__Output)[];
  'currentStep'?: (number);
  'totalSteps'?: (number);
}
