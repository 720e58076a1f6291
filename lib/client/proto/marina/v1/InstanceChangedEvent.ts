// Original file: proto/marina/v1/marathon.proto


export interface InstanceChangedEvent {
  'instanceId'?: (string);
  'condition'?: (string);
  'runSpecId'?: (string);
  'agentId'?: (string);
  'host'?: (string);
  'runSpecVersion'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface InstanceChangedEvent__Output {
  'instanceId'?: (string);
  'condition'?: (string);
  'runSpecId'?: (string);
  'agentId'?: (string);
  'host'?: (string);
  'runSpecVersion'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
