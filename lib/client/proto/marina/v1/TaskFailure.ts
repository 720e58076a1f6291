// Original file: proto/marina/v1/marathon.proto


export interface TaskFailure {
  'appId'?: (string);
  'host'?: (string);
  'message'?: (string);
  'state'?: (string);
  'taskId'?: (string);
  'timestamp'?: (string);
  'version'?: (string);
  'slaveId'?: (string);
}

export interface TaskFailure__Output {
  'appId'?: (string);
  'host'?: (string);
  'message'?: (string);
  'state'?: (string);
  'taskId'?: (string);
  'timestamp'?: (string);
  'version'?: (string);
  'slaveId'?: (string);
}
