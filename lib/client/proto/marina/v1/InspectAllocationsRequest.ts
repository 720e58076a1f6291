// Original file: proto/marina/v1/marina.proto


export interface InspectAllocationsRequest {
  'taskId'?: (string);
}

export interface InspectAllocationsRequest__Output {
  'taskId'?: (string);
}
