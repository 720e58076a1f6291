// Original file: proto/marina/v1/marathon.proto

import type { PlanGroup as _marina_v1_PlanGroup, PlanGroup__Output as _marina_v1_PlanGroup__Output } from '../../marina/v1/PlanGroup';
import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from '../../marina/v1/DeploymentStep';

/**
 * The plan in deployment events (without original/target when light).
 */
export interface DeploymentPlan {
  'id'?: (string);
  'original'?: (_marina_v1_PlanGroup | null);
  'target'?: (_marina_v1_PlanGroup | null);
  'steps'?: (_marina_v1_DeploymentStep)[];
  'version'?: (string);
}

/**
 * The plan in deployment events (without original/target when light).
 */
export interface DeploymentPlan__Output {
  'id'?: (string);
  'original'?: (_marina_v1_PlanGroup__Output);
  'target'?: (_marina_v1_PlanGroup__Output);
  'steps'?: (_marina_v1_DeploymentStep__Output)[];
  'version'?: (string);
}
