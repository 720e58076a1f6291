// Original file: proto/marina/v1/marathon.proto


export interface FetchUri {
  'uri'?: (string);
  'extract'?: (boolean);
  'executable'?: (boolean);
  'cache'?: (boolean);
  'destPath'?: (string);
}

export interface FetchUri__Output {
  'uri'?: (string);
  'extract'?: (boolean);
  'executable'?: (boolean);
  'cache'?: (boolean);
  'destPath'?: (string);
}
