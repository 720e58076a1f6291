// Original file: proto/marina/v1/marina.proto

import type { DeploymentResult as _marina_v1_DeploymentResult, DeploymentResult__Output as _marina_v1_DeploymentResult__Output } from '../../marina/v1/DeploymentResult';
import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from '../../marina/v1/DeploymentStep';

export interface GroupWriteReply {
  'deployment'?: (_marina_v1_DeploymentResult | null);
  /**
   * dry_run: the steps the change would take.
   */
  'steps'?: (_marina_v1_DeploymentStep)[];
}

export interface GroupWriteReply__Output {
  'deployment'?: (_marina_v1_DeploymentResult__Output);
  /**
   * dry_run: the steps the change would take.
   */
  'steps'?: (_marina_v1_DeploymentStep__Output)[];
}
