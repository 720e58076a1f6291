// Original file: proto/marina/v1/marathon.proto


export interface UnhealthyInstanceKillEvent {
  'appId'?: (string);
  'taskId'?: (string);
  'instanceId'?: (string);
  'version'?: (string);
  'reason'?: (string);
  'host'?: (string);
  'slaveId'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface UnhealthyInstanceKillEvent__Output {
  'appId'?: (string);
  'taskId'?: (string);
  'instanceId'?: (string);
  'version'?: (string);
  'reason'?: (string);
  'host'?: (string);
  'slaveId'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
