// Original file: proto/marina/v1/marina.proto


export interface ListTasksRequest {
  /**
   * running, staging, ... (GET /v2/tasks?status=); empty: all.
   */
  'status'?: (string);
}

export interface ListTasksRequest__Output {
  /**
   * running, staging, ... (GET /v2/tasks?status=); empty: all.
   */
  'status'?: (string);
}
