// Original file: proto/marina/v1/marathon.proto

import type { TaskStats as _marina_v1_TaskStats, TaskStats__Output as _marina_v1_TaskStats__Output } from '../../marina/v1/TaskStats';

export interface TaskStatsByVersion {
  'startedAfterLastScaling'?: (_marina_v1_TaskStats | null);
  'withLatestConfig'?: (_marina_v1_TaskStats | null);
  'withOutdatedConfig'?: (_marina_v1_TaskStats | null);
  'totalSummary'?: (_marina_v1_TaskStats | null);
}

export interface TaskStatsByVersion__Output {
  'startedAfterLastScaling'?: (_marina_v1_TaskStats__Output);
  'withLatestConfig'?: (_marina_v1_TaskStats__Output);
  'withOutdatedConfig'?: (_marina_v1_TaskStats__Output);
  'totalSummary'?: (_marina_v1_TaskStats__Output);
}
