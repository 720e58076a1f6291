// Original file: proto/marina/v1/marina.proto


/**
 * An agent renews its certificate before it expires (kubelet's client
 * certificate rotation): authorised by its current, valid client
 * certificate, no join token. The new certificate names the node of the
 * presented certificate, never one from the request.
 */
export interface RenewRequest {
  /**
   * PEM certificate request for a new key; its CN must be the agent's own name.
   */
  'csrPem'?: (string);
}

/**
 * An agent renews its certificate before it expires (kubelet's client
 * certificate rotation): authorised by its current, valid client
 * certificate, no join token. The new certificate names the node of the
 * presented certificate, never one from the request.
 */
export interface RenewRequest__Output {
  /**
   * PEM certificate request for a new key; its CN must be the agent's own name.
   */
  'csrPem'?: (string);
}
