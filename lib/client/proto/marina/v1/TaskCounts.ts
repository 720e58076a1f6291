// Original file: proto/marina/v1/marathon.proto


export interface TaskCounts {
  'staged'?: (number);
  'running'?: (number);
  'healthy'?: (number);
  'unhealthy'?: (number);
}

export interface TaskCounts__Output {
  'staged'?: (number);
  'running'?: (number);
  'healthy'?: (number);
  'unhealthy'?: (number);
}
