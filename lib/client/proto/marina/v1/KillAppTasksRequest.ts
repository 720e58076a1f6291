// Original file: proto/marina/v1/marina.proto


export interface KillAppTasksRequest {
  'id'?: (string);
  /**
   * One task (empty: every task of the app, or those on `host`).
   */
  'taskId'?: (string);
  'host'?: (string);
  /**
   * Lower instances as the tasks go (scale=true); the reply then carries the deployment.
   */
  'scale'?: (boolean);
}

export interface KillAppTasksRequest__Output {
  'id'?: (string);
  /**
   * One task (empty: every task of the app, or those on `host`).
   */
  'taskId'?: (string);
  'host'?: (string);
  /**
   * Lower instances as the tasks go (scale=true); the reply then carries the deployment.
   */
  'scale'?: (boolean);
}
