// Original file: proto/marina/v1/marathon.proto

import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';
import type { PodInstanceStatus as _marina_v1_PodInstanceStatus, PodInstanceStatus__Output as _marina_v1_PodInstanceStatus__Output } from '../../marina/v1/PodInstanceStatus';

/**
 * GET /v2/pods/{id}::status
 */
export interface PodStatus {
  'id'?: (string);
  'spec'?: (_marina_v1_Pod | null);
  'status'?: (string);
  'statusSince'?: (string);
  'instances'?: (_marina_v1_PodInstanceStatus)[];
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}

/**
 * GET /v2/pods/{id}::status
 */
export interface PodStatus__Output {
  'id'?: (string);
  'spec'?: (_marina_v1_Pod__Output);
  'status'?: (string);
  'statusSince'?: (string);
  'instances'?: (_marina_v1_PodInstanceStatus__Output)[];
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}
