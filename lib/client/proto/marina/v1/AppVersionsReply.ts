// Original file: proto/marina/v1/marina.proto


export interface AppVersionsReply {
  'versions'?: (string)[];
}

export interface AppVersionsReply__Output {
  'versions'?: (string)[];
}
