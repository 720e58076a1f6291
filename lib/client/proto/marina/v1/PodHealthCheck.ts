// Original file: proto/marina/v1/marathon.proto

import type { PodHttpCheck as _marina_v1_PodHttpCheck, PodHttpCheck__Output as _marina_v1_PodHttpCheck__Output } from '../../marina/v1/PodHttpCheck';
import type { PodTcpCheck as _marina_v1_PodTcpCheck, PodTcpCheck__Output as _marina_v1_PodTcpCheck__Output } from '../../marina/v1/PodTcpCheck';
import type { PodExec as _marina_v1_PodExec, PodExec__Output as _marina_v1_PodExec__Output } from '../../marina/v1/PodExec';

export interface PodHealthCheck {
  'http'?: (_marina_v1_PodHttpCheck | null);
  'tcp'?: (_marina_v1_PodTcpCheck | null);
  'exec'?: (_marina_v1_PodExec | null);
  'gracePeriodSeconds'?: (number | string);
  'intervalSeconds'?: (number | string);
  'maxConsecutiveFailures'?: (number);
  'timeoutSeconds'?: (number | string);
  'delaySeconds'?: (number | string);
}

export interface PodHealthCheck__Output {
  'http'?: (_marina_v1_PodHttpCheck__Output);
  'tcp'?: (_marina_v1_PodTcpCheck__Output);
  'exec'?: (_marina_v1_PodExec__Output);
  'gracePeriodSeconds'?: (number);
  'intervalSeconds'?: (number);
  'maxConsecutiveFailures'?: (number);
  'timeoutSeconds'?: (number);
  'delaySeconds'?: (number);
}
