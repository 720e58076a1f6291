// Original file: proto/marina/v1/marina.proto

import type { Task as _marina_v1_Task, Task__Output as _marina_v1_Task__Output } from '../../marina/v1/Task';
import type { DeploymentResult as _marina_v1_DeploymentResult, DeploymentResult__Output as _marina_v1_DeploymentResult__Output } from '../../marina/v1/DeploymentResult';

export interface KillTasksReply {
  'tasks'?: (_marina_v1_Task)[];
  'deployment'?: (_marina_v1_DeploymentResult | null);
}

export interface KillTasksReply__Output {
  'tasks'?: (_marina_v1_Task__Output)[];
  'deployment'?: (_marina_v1_DeploymentResult__Output);
}
