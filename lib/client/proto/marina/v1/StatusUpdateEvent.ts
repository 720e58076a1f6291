// Original file: proto/marina/v1/marathon.proto

import type { IpAddress as _marina_v1_IpAddress, IpAddress__Output as _marina_v1_IpAddress__Output } from '../../marina/v1/IpAddress';

export interface StatusUpdateEvent {
  'slaveId'?: (string);
  'taskId'?: (string);
  'taskStatus'?: (string);
  'message'?: (string);
  'appId'?: (string);
  'host'?: (string);
  'ipAddresses'?: (_marina_v1_IpAddress)[];
  'ports'?: (number)[];
  'version'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

export interface StatusUpdateEvent__Output {
  'slaveId'?: (string);
  'taskId'?: (string);
  'taskStatus'?: (string);
  'message'?: (string);
  'appId'?: (string);
  'host'?: (string);
  'ipAddresses'?: (_marina_v1_IpAddress__Output)[];
  'ports'?: (number)[];
  'version'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
