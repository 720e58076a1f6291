// Original file: proto/marina/v1/marathon.proto

import type { DeploymentAction as _marina_v1_DeploymentAction, DeploymentAction__Output as _marina_v1_DeploymentAction__Output } from '../../marina/v1/DeploymentAction';

export interface DeploymentStep {
  'actions'?: (_marina_v1_DeploymentAction)[];
}

export interface DeploymentStep__Output {
  'actions'?: (_marina_v1_DeploymentAction__Output)[];
}
