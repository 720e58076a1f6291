// Original file: proto/marina/v1/marina.proto

import type { Task as _marina_v1_Task, Task__Output as _marina_v1_Task__Output } from '../../marina/v1/Task';

export interface TasksReply {
  'tasks'?: (_marina_v1_Task)[];
}

export interface TasksReply__Output {
  'tasks'?: (_marina_v1_Task__Output)[];
}
