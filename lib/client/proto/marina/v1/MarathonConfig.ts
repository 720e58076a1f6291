// Original file: proto/marina/v1/marathon.proto

import type { Long } from '@grpc/proto-loader';

/**
 * GET /v2/info's marathon_config (info.raml), as Marina fills it.
 */
export interface MarathonConfig {
  'frameworkName'?: (string);
  'ha'?: (boolean);
  'checkpoint'?: (boolean);
  'localPortMin'?: (number);
  'localPortMax'?: (number);
  'executor'?: (string);
  'hostname'?: (string);
  'taskLaunchTimeout'?: (number | string | Long);
  'reconciliationInitialDelay'?: (number | string | Long);
  'reconciliationInterval'?: (number | string | Long);
  'features'?: (string)[];
}

/**
 * GET /v2/info's marathon_config (info.raml), as Marina fills it.
 */
export interface MarathonConfig__Output {
  'frameworkName'?: (string);
  'ha'?: (boolean);
  'checkpoint'?: (boolean);
  'localPortMin'?: (number);
  'localPortMax'?: (number);
  'executor'?: (string);
  'hostname'?: (string);
  'taskLaunchTimeout'?: (number);
  'reconciliationInitialDelay'?: (number);
  'reconciliationInterval'?: (number);
  'features'?: (string)[];
}
