import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { murmurHash3, murmurHash3Bytes, utf8Bytes } from './murmurHash3.js';

// SOURCE: the reference MurmurHash3_x86_32 (SMHasher). Values as printed by Python's mmh3 5.x
// (`mmh3.hash(data, seed, signed=False)`), which wraps the reference C code; the seed-0x9747b28c
// string vectors are the widely circulated verification list for the x86_32 variant.
describe('murmurHash3 (x86_32) reference vectors', () => {
  test.each([
    [[], 0, 0],
    [[], 1, 0x514e28b7],
    [[], 0xffffffff, 0x81f16f39],
    [[0xff, 0xff, 0xff, 0xff], 0, 0x76293b50],
    [[0x21, 0x43, 0x65, 0x87], 0, 0xf55b516b],
    [[0x21, 0x43, 0x65, 0x87], 0x5082edee, 0x2362f9de],
    [[0x21, 0x43, 0x65], 0, 0x7e4a8634],
    [[0x21, 0x43], 0, 0xa0f7b07a],
    [[0x21], 0, 0x72661cf4],
    [[0, 0, 0, 0], 0, 0x2362f9de],
    [[0, 0, 0], 0, 0x85f0b427],
    [[0, 0], 0, 0x30f4c306],
    [[0], 0, 0x514e28b7],
  ])('bytes %j, seed %i', (bytes, seed, expected) => {
    expect(murmurHash3Bytes(Uint8Array.from(bytes), seed)).toBe(expected);
  });

  test.each([
    ['a', 0x7fa09ea6],
    ['aa', 0x5d211726],
    ['aaa', 0x283e0130],
    ['aaaa', 0x5a97808a],
    ['abc', 0xc84a62dd],
    ['abcd', 0xf0478627],
    ['Hello, world!', 0x24884cba],
    ['ππππππππ', 0xd58063c1],
    ['a'.repeat(256), 0x37405bdc],
    ['The quick brown fox jumps over the lazy dog', 0x2fa826cd],
  ])('text %j, seed 0x9747b28c', (text, expected) => {
    expect(murmurHash3(text, 0x9747b28c)).toBe(expected);
  });

  test('member ids as the assignment hashes them (mmh3 5.x)', () => {
    expect(murmurHash3('m-1', 0)).toBe(0x5ed3f535);
    expect(murmurHash3('member-42', 123)).toBe(0xc0b11ce8);
    expect(murmurHash3('😀 é', 7)).toBe(0xe9c6e778);
  });
});

describe('utf8Bytes', () => {
  test('encodes like TextEncoder, lone surrogates included', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect([...utf8Bytes(s)]).toEqual([...encoder.encode(s)]);
      }),
    );
    expect([...utf8Bytes('\ud800x')]).toEqual([0xef, 0xbf, 0xbd, 0x78]);
  });
});
