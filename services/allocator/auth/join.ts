/**
 * Agents.Join (k3s's agent join): the guard has checked the token (a join
 * token, or one bound to this hostname); the cluster CA signs the agent's
 * CSR for O=agent, CN=<hostname>. A single-use token is consumed after the
 * certificate is made and before it is returned, under a compare, so of two
 * agents racing with one token only one gets a certificate.
 */
import type * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { MarinaError } from '../../../lib/errors';
import { csrCommonName, issueClientCert } from '../../../lib/tls/ca';
import { toGrpcError } from '../api/grpc/errors';
import type { ApiAuth } from './api-auth';
import { RENEW_AS } from './grpc-policy';

interface JoinRequestMsg {
  hostname: string;
  csrPem: string;
}

function bearerOf(call: grpc.ServerUnaryCall<unknown, unknown>): string | undefined {
  const h = call.metadata.get('authorization')[0];
  if (typeof h !== 'string') return undefined;
  return h.replace(/^(bearer\s+|token=)/i, '').trim();
}

function clusterFiles(auth: ApiAuth) {
  const files = auth.tls?.cluster;
  if (!files) throw new MarinaError('MARINA_ERR_CONFIG', 'joining needs the allocator to serve TLS with its cluster CA (listen on a non-loopback address or --tls on, without --tls-cert)');
  return files;
}

/**
 * Agents.Renew: a new certificate for the node of the presented (valid) client certificate,
 * which grpc-policy.ts put under RENEW_AS; a CSR asking for another name is refused. Without
 * that mark (auth off, or no certificate) nothing is issued.
 */
export function renewHandler(auth: ApiAuth): grpc.handleUnaryCall<{ csrPem: string }, { certPem: string; caPem: string }> {
  return (call, callback) => {
    void (async () => {
      const node = (call.request as unknown as Record<symbol, unknown>)[RENEW_AS];
      if (typeof node !== 'string') throw new MarinaError('MARINA_ERR_FORBIDDEN', 'renewing needs the agent\'s current client certificate (and authentication on)');
      const files = clusterFiles(auth);
      const cn = await csrCommonName(call.request.csrPem);
      if (cn !== node) auth.authn.fail('name_mismatch', `agent ${node} may not renew a certificate for ${JSON.stringify(cn ?? '')}`);
      const certPem = await issueClientCert(files, call.request.csrPem, node, 'agent', auth.config.agentCertTtlSeconds);
      return { certPem, caPem: readFileSync(files.caBundle, 'utf8') };
    })().then(
      (res) => callback(null, res),
      (err: unknown) => callback(toGrpcError(err) as grpc.ServiceError, null),
    );
  };
}

export function joinHandler(auth: ApiAuth): grpc.handleUnaryCall<JoinRequestMsg, { certPem: string; caPem: string }> {
  return (call, callback) => {
    void (async () => {
      const files = clusterFiles(auth);
      const { hostname, csrPem } = call.request;
      const certPem = await issueClientCert(files, csrPem, hostname, 'agent', auth.config.agentCertTtlSeconds);
      const token = bearerOf(call);
      const rec = token ? await auth.tokens.lookup(token) : undefined;
      if (rec?.singleUse && !(await auth.tokens.consume(token!))) auth.authn.fail('join_token_used', `join token ${rec.id} was already used (it was single-use): create another with marina tokens create --role agent`);
      return { certPem, caPem: readFileSync(files.caBundle, 'utf8') };
    })().then(
      (res) => callback(null, res),
      (err: unknown) => callback(toGrpcError(err) as grpc.ServiceError, null),
    );
  };
}
