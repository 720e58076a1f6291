// Original file: proto/marina/v1/marathon.proto


export interface InstanceHealthChangedEvent {
  'instanceId'?: (string);
  'runSpecVersion'?: (string);
  'runSpecId'?: (string);
  'healthy'?: (boolean);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface InstanceHealthChangedEvent__Output {
  'instanceId'?: (string);
  'runSpecVersion'?: (string);
  'runSpecId'?: (string);
  'healthy'?: (boolean);
  'eventType'?: (string);
  'timestamp'?: (string);
}
