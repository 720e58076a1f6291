// Original file: proto/marina/v1/marathon.proto


export interface PodResources {
  'cpus'?: (number | string);
  'mem'?: (number | string);
  'disk'?: (number | string);
  'gpus'?: (number);
}

export interface PodResources__Output {
  'cpus'?: (number);
  'mem'?: (number);
  'disk'?: (number);
  'gpus'?: (number);
}
