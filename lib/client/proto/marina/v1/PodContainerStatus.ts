// Original file: proto/marina/v1/marathon.proto

import type { PodEndpointStatus as _marina_v1_PodEndpointStatus, PodEndpointStatus__Output as _marina_v1_PodEndpointStatus__Output } from '../../marina/v1/PodEndpointStatus';

export interface PodContainerStatus {
  'name'?: (string);
  'status'?: (string);
  'statusSince'?: (string);
  'endpoints'?: (_marina_v1_PodEndpointStatus)[];
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}

export interface PodContainerStatus__Output {
  'name'?: (string);
  'status'?: (string);
  'statusSince'?: (string);
  'endpoints'?: (_marina_v1_PodEndpointStatus__Output)[];
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}
