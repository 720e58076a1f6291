// Original file: proto/marina/v1/marina.proto

import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';

export interface ListPodsReply {
  'pods'?: (_marina_v1_Pod)[];
}

export interface ListPodsReply__Output {
  'pods'?: (_marina_v1_Pod__Output)[];
}
