// Original file: proto/marina/v1/marathon.proto

import type { Long } from '@grpc/proto-loader';

/**
 * zookeeper_config: the store stands in for ZooKeeper.
 */
export interface ZookeeperConfig {
  'zk'?: (string);
  'zkTimeout'?: (number | string | Long);
  'zkConnectionTimeout'?: (number | string | Long);
  'zkSessionTimeout'?: (number | string | Long);
  'zkMaxVersions'?: (number);
}

/**
 * zookeeper_config: the store stands in for ZooKeeper.
 */
export interface ZookeeperConfig__Output {
  'zk'?: (string);
  'zkTimeout'?: (number);
  'zkConnectionTimeout'?: (number);
  'zkSessionTimeout'?: (number);
  'zkMaxVersions'?: (number);
}
