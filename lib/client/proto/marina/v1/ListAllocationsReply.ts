// Original file: proto/marina/v1/marina.proto

import type { Allocation as _marina_v1_Allocation, Allocation__Output as _marina_v1_Allocation__Output } from '../../marina/v1/Allocation';
import type { Long } from '@grpc/proto-loader';

export interface ListAllocationsReply {
  'allocations'?: (_marina_v1_Allocation)[];
  'revision'?: (number | string | Long);
}

export interface ListAllocationsReply__Output {
  'allocations'?: (_marina_v1_Allocation__Output)[];
  'revision'?: (number);
}
