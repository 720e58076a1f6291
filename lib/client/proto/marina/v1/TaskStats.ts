// Original file: proto/marina/v1/marathon.proto

import type { TaskCounts as _marina_v1_TaskCounts, TaskCounts__Output as _marina_v1_TaskCounts__Output } from '../../marina/v1/TaskCounts';
import type { TaskLifeTime as _marina_v1_TaskLifeTime, TaskLifeTime__Output as _marina_v1_TaskLifeTime__Output } from '../../marina/v1/TaskLifeTime';

export interface _marina_v1_TaskStats_Stats {
  'counts'?: (_marina_v1_TaskCounts | null);
  'lifeTime'?: (_marina_v1_TaskLifeTime | null);
}

export interface _marina_v1_TaskStats_Stats__Output {
  'counts'?: (_marina_v1_TaskCounts__Output);
  'lifeTime'?: (_marina_v1_TaskLifeTime__Output);
}

export interface TaskStats {
  'stats'?: (_marina_v1_TaskStats_Stats | null);
}

export interface TaskStats__Output {
  'stats'?: (_marina_v1_TaskStats_Stats__Output);
}
