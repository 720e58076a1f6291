// Original file: proto/marina/v1/marathon.proto


export interface PodScaling {
  'kind'?: (string);
  'instances'?: (number);
  'maxInstances'?: (number);
}

export interface PodScaling__Output {
  'kind'?: (string);
  'instances'?: (number);
  'maxInstances'?: (number);
}
