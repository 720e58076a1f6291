// Original file: proto/marina/v1/marathon.proto

import type { ReadinessCheckResult as _marina_v1_ReadinessCheckResult, ReadinessCheckResult__Output as _marina_v1_ReadinessCheckResult__Output } from '../../marina/v1/ReadinessCheckResult';

export interface DeploymentAction {
  /**
   * StartApplication | ScaleApplication | RestartApplication | StopApplication | ...
   */
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
  /**
   * Only in currentActions.
   */
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult)[];
}

export interface DeploymentAction__Output {
  /**
   * StartApplication | ScaleApplication | RestartApplication | StopApplication | ...
   */
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
  /**
   * Only in currentActions.
   */
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult__Output)[];
}
