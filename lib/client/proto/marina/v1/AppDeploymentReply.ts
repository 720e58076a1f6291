// Original file: proto/marina/v1/marina.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';

/**
 * Create, update, scale, restart, delete: the deployment the change started.
 */
export interface AppDeploymentReply {
  'deploymentId'?: (string);
  'version'?: (string);
  /**
   * The app a create made (POST /v2/apps, or an update of an app that did not
   * exist, as PUT answers 201); unset otherwise.
   */
  'app'?: (_marina_v1_App | null);
}

/**
 * Create, update, scale, restart, delete: the deployment the change started.
 */
export interface AppDeploymentReply__Output {
  'deploymentId'?: (string);
  'version'?: (string);
  /**
   * The app a create made (POST /v2/apps, or an update of an app that did not
   * exist, as PUT answers 201); unset otherwise.
   */
  'app'?: (_marina_v1_App__Output);
}
