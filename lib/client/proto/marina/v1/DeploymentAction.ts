// Original file: proto/marina/v1/marathon.proto


export interface DeploymentAction {
  /**
   * StartApplication | ScaleApplication | RestartApplication | StopApplication | ...
   */
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
}

export interface DeploymentAction__Output {
  /**
   * StartApplication | ScaleApplication | RestartApplication | StopApplication | ...
   */
  'action'?: (string);
  'app'?: (string);
  'pod'?: (string);
}
