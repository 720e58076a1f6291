/**
 * Hands a client connection from the fast path to node:http mid-stream. The
 * fast path has already read bytes node:http must see first, so node:http
 * gets a Duplex over the socket (node:http serves "any Duplex stream" emitted
 * as 'connection') that replays those bytes, then relays the rest both ways
 * with backpressure; the socket's addresses and timeouts show through.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

export class SocketDuplex extends Duplex {
  constructor(private readonly socket: Socket, already: Buffer) {
    super({ allowHalfOpen: false });
    if (already.length > 0) this.push(already);
    socket.on('data', (d: Buffer) => {
      if (!this.push(d)) socket.pause();
    });
    socket.once('end', () => this.push(null));
    socket.once('close', () => this.destroy());
    socket.on('error', (err) => this.destroy(err));
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('drain', () => this.emit('drain'));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  setTimeout(ms: number, cb?: () => void): this {
    this.socket.setTimeout(ms, cb);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.socket.write(chunk, encoding, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.socket.end(cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.socket.destroy();
    cb(err);
  }
}

/** Give `socket` to `server` as if it had just connected, `already` being what was read of it. */
export function handOff(server: Server, socket: Socket, already: Buffer): void {
  socket.removeAllListeners('data');
  socket.removeAllListeners('timeout');
  socket.setTimeout(0);
  server.emit('connection', new SocketDuplex(socket, already));
}
