// Original file: proto/marina/v1/marathon.proto


export interface QueueDelay {
  'timeLeftSeconds'?: (number);
  'overdue'?: (boolean);
}

export interface QueueDelay__Output {
  'timeLeftSeconds'?: (number);
  'overdue'?: (boolean);
}
