// Original file: proto/marina/v1/marathon.proto

import type { CommandCheck as _marina_v1_CommandCheck, CommandCheck__Output as _marina_v1_CommandCheck__Output } from '../../marina/v1/CommandCheck';

export interface HealthCheck {
  /**
   * HTTP | HTTPS | TCP | COMMAND | MESOS_HTTP | MESOS_HTTPS | MESOS_TCP
   */
  'protocol'?: (string);
  'path'?: (string);
  'portIndex'?: (number);
  'port'?: (number);
  'command'?: (_marina_v1_CommandCheck | null);
  'gracePeriodSeconds'?: (number | string);
  'intervalSeconds'?: (number | string);
  'timeoutSeconds'?: (number | string);
  'maxConsecutiveFailures'?: (number);
  'delaySeconds'?: (number | string);
  'ignoreHttp1xx'?: (boolean);
  /**
   * IPv4 | IPv6
   */
  'ipProtocol'?: (string);
}

export interface HealthCheck__Output {
  /**
   * HTTP | HTTPS | TCP | COMMAND | MESOS_HTTP | MESOS_HTTPS | MESOS_TCP
   */
  'protocol'?: (string);
  'path'?: (string);
  'portIndex'?: (number);
  'port'?: (number);
  'command'?: (_marina_v1_CommandCheck__Output);
  'gracePeriodSeconds'?: (number);
  'intervalSeconds'?: (number);
  'timeoutSeconds'?: (number);
  'maxConsecutiveFailures'?: (number);
  'delaySeconds'?: (number);
  'ignoreHttp1xx'?: (boolean);
  /**
   * IPv4 | IPv6
   */
  'ipProtocol'?: (string);
}
