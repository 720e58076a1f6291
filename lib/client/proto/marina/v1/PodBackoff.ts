// Original file: proto/marina/v1/marathon.proto


export interface PodBackoff {
  'backoff'?: (number | string);
  'backoffFactor'?: (number | string);
  'maxLaunchDelay'?: (number | string);
}

export interface PodBackoff__Output {
  'backoff'?: (number);
  'backoffFactor'?: (number);
  'maxLaunchDelay'?: (number);
}
