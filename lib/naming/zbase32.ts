/**
 * z-base-32 (Zimmermann's human-oriented base 32), bit-for-bit as
 * github.com/tv42/zbase32 EncodeToString, which Mesos-DNS uses for its
 * per-task hash. Bits are read most significant first, no padding.
 */
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** Encode bytes as z-base-32. */
export function zbase32Encode(bytes: Uint8Array): string {
  let out = '';
  let buf = 0;
  let bits = 0;
  for (const b of bytes) {
    buf = ((buf << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buf >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buf << (5 - bits)) & 31];
  return out;
}
