// Original file: proto/marina/v1/marina.proto


export interface GetAppRequest {
  'id'?: (string);
  'embed'?: (string)[];
}

export interface GetAppRequest__Output {
  'id'?: (string);
  'embed'?: (string)[];
}
