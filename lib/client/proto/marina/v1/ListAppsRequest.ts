// Original file: proto/marina/v1/marina.proto


export interface ListAppsRequest {
  /**
   * Only apps whose id starts with this path (GET /v2/apps?id=).
   */
  'id'?: (string);
  'embed'?: (string)[];
}

export interface ListAppsRequest__Output {
  /**
   * Only apps whose id starts with this path (GET /v2/apps?id=).
   */
  'id'?: (string);
  'embed'?: (string)[];
}
