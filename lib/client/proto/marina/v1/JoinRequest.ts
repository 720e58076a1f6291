// Original file: proto/marina/v1/marina.proto


/**
 * An agent joins with a join token (`marina tokens create --role agent`)
 * and a key it generated: the cluster CA signs a client certificate for
 * its hostname (O=agent, CN=hostname); from then on it speaks mTLS.
 */
export interface JoinRequest {
  'hostname'?: (string);
  /**
   * PEM certificate request; its subject is replaced by O=agent, CN=hostname.
   */
  'csrPem'?: (string);
}

/**
 * An agent joins with a join token (`marina tokens create --role agent`)
 * and a key it generated: the cluster CA signs a client certificate for
 * its hostname (O=agent, CN=hostname); from then on it speaks mTLS.
 */
export interface JoinRequest__Output {
  'hostname'?: (string);
  /**
   * PEM certificate request; its subject is replaced by O=agent, CN=hostname.
   */
  'csrPem'?: (string);
}
