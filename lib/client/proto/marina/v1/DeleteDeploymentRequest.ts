// Original file: proto/marina/v1/marina.proto


export interface DeleteDeploymentRequest {
  'id'?: (string);
  /**
   * Stop it where it is instead of rolling back (?force=true).
   */
  'force'?: (boolean);
}

export interface DeleteDeploymentRequest__Output {
  'id'?: (string);
  /**
   * Stop it where it is instead of rolling back (?force=true).
   */
  'force'?: (boolean);
}
