// Original file: proto/marina/v1/marathon.proto


export interface ExternalVolumeInfo {
  'size'?: (number | string);
  'name'?: (string);
  'provider'?: (string);
  'options'?: ({[key: string]: string});
}

export interface ExternalVolumeInfo__Output {
  'size'?: (number);
  'name'?: (string);
  'provider'?: (string);
  'options'?: ({[key: string]: string});
}
