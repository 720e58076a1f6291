// Original file: proto/marina/v1/marathon.proto

import type { MarathonConfig as _marina_v1_MarathonConfig, MarathonConfig__Output as _marina_v1_MarathonConfig__Output } from '../../marina/v1/MarathonConfig';
import type { ZookeeperConfig as _marina_v1_ZookeeperConfig, ZookeeperConfig__Output as _marina_v1_ZookeeperConfig__Output } from '../../marina/v1/ZookeeperConfig';
import type { HttpConfig as _marina_v1_HttpConfig, HttpConfig__Output as _marina_v1_HttpConfig__Output } from '../../marina/v1/HttpConfig';

/**
 * GET /v2/info (MarathonInfo); event_subscriber is always null there, so absent here.
 */
export interface MarathonInfo {
  'name'?: (string);
  'version'?: (string);
  'buildref'?: (string);
  'elected'?: (boolean);
  'leader'?: (string);
  'frameworkId'?: (string);
  'marathonConfig'?: (_marina_v1_MarathonConfig | null);
  'zookeeperConfig'?: (_marina_v1_ZookeeperConfig | null);
  'httpConfig'?: (_marina_v1_HttpConfig | null);
}

/**
 * GET /v2/info (MarathonInfo); event_subscriber is always null there, so absent here.
 */
export interface MarathonInfo__Output {
  'name'?: (string);
  'version'?: (string);
  'buildref'?: (string);
  'elected'?: (boolean);
  'leader'?: (string);
  'frameworkId'?: (string);
  'marathonConfig'?: (_marina_v1_MarathonConfig__Output);
  'zookeeperConfig'?: (_marina_v1_ZookeeperConfig__Output);
  'httpConfig'?: (_marina_v1_HttpConfig__Output);
}
