// Original file: proto/marina/v1/marina.proto


export interface KillTasksRequest {
  'ids'?: (string)[];
  'scale'?: (boolean);
}

export interface KillTasksRequest__Output {
  'ids'?: (string)[];
  'scale'?: (boolean);
}
