/** MarinaError → gRPC status (err.grpcCode) with the Marina code in metadata, at the boundary. */
import * as grpc from '@grpc/grpc-js';
import { MarinaError, errorMessage } from '../../../../lib/errors';
import { ERROR_CODE_METADATA, ERROR_DETAILS_METADATA } from '../../../../lib/client/grpc-proto';

export function toGrpcError(err: unknown): Partial<grpc.StatusObject> {
  const e = err instanceof MarinaError ? err : new MarinaError('MARINA_ERR_INTERNAL', errorMessage(err), { cause: err });
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA, e.code);
  if (e.details.length > 0) metadata.set(ERROR_DETAILS_METADATA, JSON.stringify(e.details));
  return { code: e.grpcCode as grpc.status, details: `${e.code}: ${e.message}`, metadata };
}

/** Wrap an async unary handler: resolve → callback(null, res); MarinaError → status. */
export function unaryHandler<Req, Res>(fn: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request, call).then(
      (res) => callback(null, res),
      (err: unknown) => callback(toGrpcError(err) as grpc.ServiceError, null),
    );
  };
}
