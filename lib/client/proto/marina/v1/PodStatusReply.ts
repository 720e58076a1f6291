// Original file: proto/marina/v1/marina.proto

import type { PodStatus as _marina_v1_PodStatus, PodStatus__Output as _marina_v1_PodStatus__Output } from '../../marina/v1/PodStatus';

export interface PodStatusReply {
  'status'?: (_marina_v1_PodStatus | null);
}

export interface PodStatusReply__Output {
  'status'?: (_marina_v1_PodStatus__Output);
}
