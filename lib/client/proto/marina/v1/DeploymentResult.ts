// Original file: proto/marina/v1/marathon.proto


/**
 * Marathon's DeploymentResult: the deployment a change started.
 */
export interface DeploymentResult {
  'deploymentId'?: (string);
  'version'?: (string);
}

/**
 * Marathon's DeploymentResult: the deployment a change started.
 */
export interface DeploymentResult__Output {
  'deploymentId'?: (string);
  'version'?: (string);
}
