// Original file: proto/marina/v1/marina.proto


export interface ObjectChange {
  /**
   * app | task | agent | network | policy
   */
  'kind'?: (string);
  /**
   * put | delete
   */
  'op'?: (string);
  'id'?: (string);
  /**
   * The object as JSON (put only).
   */
  'valueJson'?: (string);
}

export interface ObjectChange__Output {
  /**
   * app | task | agent | network | policy
   */
  'kind'?: (string);
  /**
   * put | delete
   */
  'op'?: (string);
  'id'?: (string);
  /**
   * The object as JSON (put only).
   */
  'valueJson'?: (string);
}
