/**
 * CNI 1.0 wire types (containernetworking/cni SPEC.md) and the spec's
 * well-known error codes.
 */

export const CNI_VERSION = '1.0.0';

/** Well-known error codes from the CNI spec ("Error" section). */
export const CniErrorCode = {
  INCOMPATIBLE_VERSION: 1,
  UNSUPPORTED_FIELD: 2,
  CONTAINER_UNKNOWN: 3,
  INVALID_ENV: 4,
  IO_FAILURE: 5,
  DECODE_FAILURE: 6,
  INVALID_CONFIG: 7,
  TRY_AGAIN_LATER: 11,
} as const;

export interface CniErrorBody {
  cniVersion: string;
  code: number;
  msg: string;
  details?: string;
}

export interface CniIp {
  address: string;
  gateway?: string;
  interface?: number;
}

export interface CniRoute {
  dst: string;
  gw?: string;
}

export interface CniInterface {
  name: string;
  mac?: string;
  sandbox?: string;
}

export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIp[];
  routes?: CniRoute[];
  dns?: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
}

/** One plugin's config inside a conflist (free-form beyond `type`). */
export interface CniPluginConf {
  type: string;
  [key: string]: unknown;
}

export interface CniConfList {
  cniVersion: string;
  name: string;
  plugins: CniPluginConf[];
}

/** A failed plugin call, with the plugin's CNI error code. */
export class CniError extends Error {
  constructor(readonly plugin: string, readonly command: string, readonly code: number, msg: string, readonly details?: string) {
    super(`CNI ${plugin} ${command} failed (code ${code}): ${msg}${details ? ` (${details})` : ''}`);
    this.name = 'CniError';
  }
}
