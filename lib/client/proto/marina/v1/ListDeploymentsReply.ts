// Original file: proto/marina/v1/marina.proto

import type { Deployment as _marina_v1_Deployment, Deployment__Output as _marina_v1_Deployment__Output } from '../../marina/v1/Deployment';

export interface ListDeploymentsReply {
  'deployments'?: (_marina_v1_Deployment)[];
}

export interface ListDeploymentsReply__Output {
  'deployments'?: (_marina_v1_Deployment__Output)[];
}
