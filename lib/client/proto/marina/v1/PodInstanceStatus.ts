// Original file: proto/marina/v1/marathon.proto

import type { PodNetworkStatus as _marina_v1_PodNetworkStatus, PodNetworkStatus__Output as _marina_v1_PodNetworkStatus__Output } from '../../marina/v1/PodNetworkStatus';
import type { PodContainerStatus as _marina_v1_PodContainerStatus, PodContainerStatus__Output as _marina_v1_PodContainerStatus__Output } from '../../marina/v1/PodContainerStatus';

export interface PodInstanceStatus {
  'id'?: (string);
  'status'?: (string);
  'statusSince'?: (string);
  'agentHostname'?: (string);
  'agentId'?: (string);
  'networks'?: (_marina_v1_PodNetworkStatus)[];
  'containers'?: (_marina_v1_PodContainerStatus)[];
  'specReference'?: (string);
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}

export interface PodInstanceStatus__Output {
  'id'?: (string);
  'status'?: (string);
  'statusSince'?: (string);
  'agentHostname'?: (string);
  'agentId'?: (string);
  'networks'?: (_marina_v1_PodNetworkStatus__Output)[];
  'containers'?: (_marina_v1_PodContainerStatus__Output)[];
  'specReference'?: (string);
  'lastUpdated'?: (string);
  'lastChanged'?: (string);
}
