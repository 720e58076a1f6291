// Original file: proto/marina/v1/marathon.proto


export interface PodEndpointStatus {
  'name'?: (string);
  'allocatedHostPort'?: (number);
}

export interface PodEndpointStatus__Output {
  'name'?: (string);
  'allocatedHostPort'?: (number);
}
