// Original file: proto/marina/v1/marathon.proto


export interface PodLifecycle {
  'killGracePeriodSeconds'?: (number | string);
}

export interface PodLifecycle__Output {
  'killGracePeriodSeconds'?: (number);
}
