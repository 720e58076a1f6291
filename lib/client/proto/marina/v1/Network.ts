// Original file: proto/marina/v1/marathon.proto


export interface Network {
  /**
   * host | container/bridge | container
   */
  'mode'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
}

export interface Network__Output {
  /**
   * host | container/bridge | container
   */
  'mode'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
}
