// Original file: proto/marina/v1/marina.proto

import type { DeploymentResult as _marina_v1_DeploymentResult, DeploymentResult__Output as _marina_v1_DeploymentResult__Output } from '../../marina/v1/DeploymentResult';

export interface DeleteDeploymentReply {
  /**
   * The rollback's deployment; unset when forced (stopped).
   */
  'deployment'?: (_marina_v1_DeploymentResult | null);
}

export interface DeleteDeploymentReply__Output {
  /**
   * The rollback's deployment; unset when forced (stopped).
   */
  'deployment'?: (_marina_v1_DeploymentResult__Output);
}
