// Original file: proto/marina/v1/marathon.proto


export interface DeploymentRef {
  'id'?: (string);
}

export interface DeploymentRef__Output {
  'id'?: (string);
}
