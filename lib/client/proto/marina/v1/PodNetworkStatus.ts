// Original file: proto/marina/v1/marathon.proto


export interface PodNetworkStatus {
  'name'?: (string);
  'addresses'?: (string)[];
}

export interface PodNetworkStatus__Output {
  'name'?: (string);
  'addresses'?: (string)[];
}
