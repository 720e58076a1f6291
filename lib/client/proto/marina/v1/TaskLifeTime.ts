// Original file: proto/marina/v1/marathon.proto


export interface TaskLifeTime {
  'averageSeconds'?: (number | string);
  'medianSeconds'?: (number | string);
}

export interface TaskLifeTime__Output {
  'averageSeconds'?: (number);
  'medianSeconds'?: (number);
}
