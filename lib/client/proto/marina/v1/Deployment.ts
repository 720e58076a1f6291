// Original file: proto/marina/v1/marathon.proto

import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from '../../marina/v1/DeploymentStep';
import type { DeploymentActionInfo as _marina_v1_DeploymentActionInfo, DeploymentActionInfo__Output as _marina_v1_DeploymentActionInfo__Output } from '../../marina/v1/DeploymentActionInfo';

/**
 * GET /v2/deployments entry.
 */
export interface Deployment {
  'id'?: (string);
  'version'?: (string);
  'affectedApps'?: (string)[];
  'affectedPods'?: (string)[];
  'steps'?: (_marina_v1_DeploymentStep)[];
  'currentActions'?: (_marina_v1_DeploymentActionInfo)[];
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
  'currentActions'?: (_marina_v1_DeploymentActionInfo__Output)[];
  'currentStep'?: (number);
  'totalSteps'?: (number);
}
