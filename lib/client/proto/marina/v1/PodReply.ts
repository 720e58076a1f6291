// Original file: proto/marina/v1/marina.proto

import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';

export interface PodReply {
  'pod'?: (_marina_v1_Pod | null);
  'deploymentId'?: (string);
}

export interface PodReply__Output {
  'pod'?: (_marina_v1_Pod__Output);
  'deploymentId'?: (string);
}
