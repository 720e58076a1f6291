// Original file: proto/marina/v1/marathon.proto

import type { PodConstraint as _marina_v1_PodConstraint, PodConstraint__Output as _marina_v1_PodConstraint__Output } from '../../marina/v1/PodConstraint';

export interface PodPlacement {
  'constraints'?: (_marina_v1_PodConstraint)[];
  'acceptedResourceRoles'?: (string)[];
}

export interface PodPlacement__Output {
  'constraints'?: (_marina_v1_PodConstraint__Output)[];
  'acceptedResourceRoles'?: (string)[];
}
