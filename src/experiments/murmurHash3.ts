/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain; the reference is `MurmurHash3_x86_32` in
 * SMHasher's `MurmurHash3.cpp`) over the UTF-8 bytes of a string. Pure integer arithmetic on 32-bit
 * words (`Math.imul`, shifts), so every platform and language computes the same value: Python's
 * `mmh3.hash(text, seed, signed=False)`, Java's Guava `murmur3_32_fixed(seed)`, or the C reference.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * The UTF-8 encoding of a string, as the WHATWG `TextEncoder` writes it: a lone surrogate becomes
 * U+FFFD (EF BF BD). Written out so the library needs no platform API.
 */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/**
 * MurmurHash3 x86_32 of the UTF-8 bytes of `text`: the hash experiments use to assign members to
 * variants. Platform-independent and stable forever (changing it would move members between arms).
 *
 * @param text - any string (encoded as UTF-8; lone surrogates as U+FFFD)
 * @param seed - an unsigned 32-bit seed (default 0; other numbers are taken modulo 2^32)
 * @returns the hash, an unsigned 32-bit integer (0 .. 2^32 - 1)
 * @example murmurHash3('Hello, world!', 0x9747b28c) //=> 0x24884cba (612912314)
 * @example murmurHash3('', 1) //=> 0x514e28b7
 */
export function murmurHash3(text: string, seed = 0): number {
  return murmurHash3Bytes(utf8Bytes(text), seed);
}

/** MurmurHash3 x86_32 of raw bytes (the reference function); {@link murmurHash3} encodes text first. */
export function murmurHash3Bytes(bytes: Uint8Array, seed = 0): number {
  const len = bytes.length;
  let h = seed >>> 0;
  const blocks = len - (len & 3);
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
