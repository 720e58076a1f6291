// Original file: proto/marina/v1/marina.proto

import type { ObjectChange as _marina_v1_ObjectChange, ObjectChange__Output as _marina_v1_ObjectChange__Output } from '../../marina/v1/ObjectChange';

export interface WatchBatch {
  'changes'?: (_marina_v1_ObjectChange)[];
}

export interface WatchBatch__Output {
  'changes'?: (_marina_v1_ObjectChange__Output)[];
}
