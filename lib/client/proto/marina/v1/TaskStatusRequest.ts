// Original file: proto/marina/v1/marina.proto


export interface TaskStatusRequest {
  'agentId'?: (string);
  'taskId'?: (string);
  /**
   * TASK_STAGING | TASK_STARTING | TASK_RUNNING | TASK_FINISHED | TASK_FAILED | TASK_KILLING | TASK_KILLED | TASK_LOST
   */
  'state'?: (string);
  'ready'?: (boolean);
  /**
   * JSON array of HealthCheckResult (may be empty).
   */
  'healthCheckResultsJson'?: (string);
  'message'?: (string);
}

export interface TaskStatusRequest__Output {
  'agentId'?: (string);
  'taskId'?: (string);
  /**
   * TASK_STAGING | TASK_STARTING | TASK_RUNNING | TASK_FINISHED | TASK_FAILED | TASK_KILLING | TASK_KILLED | TASK_LOST
   */
  'state'?: (string);
  'ready'?: (boolean);
  /**
   * JSON array of HealthCheckResult (may be empty).
   */
  'healthCheckResultsJson'?: (string);
  'message'?: (string);
}
