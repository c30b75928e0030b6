const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Folds the 64 bits of `v` into the running hash `h`. */
function mix(h: number, v: number): number {
  f64[0] = v;
  const m = Math.imul(h ^ u32[0]!, 0xcc9e2d51);
  return Math.imul((m << 15) | (m >>> 17), 0x1b873593) ^ u32[1]!;
}

/** MurmurHash3's finalizer: every input bit reaches the low bits used as the slot. */
function fmix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * Numbers each distinct tuple of one or three numbers in first-seen order: an open-addressing hash
 * table over the numbers' bits (faster than nested `Map`s or string keys when grouping hundreds of
 * thousands of customer rows). Zeros of either sign are the same number; NaN must not be given.
 * Internal to the fitters.
 */
export class TupleIndex {
  /** Number of distinct tuples so far. */
  size = 0;
  private values: Float64Array;
  private slots: Int32Array;
  private mask: number;

  /** @param arity - 1 or 3 numbers per tuple */
  constructor(private readonly arity: 1 | 3) {
    this.values = new Float64Array(64 * arity);
    this.slots = new Int32Array(128).fill(-1);
    this.mask = 127;
  }

  /** Index of (a, b, c) (b and c ignored for arity 1), added when new. */
  indexOf(a: number, b = 0, c = 0): number {
    // `+ 0` turns -0 into +0, so both zeros hash alike.
    const x = a + 0;
    const y = b + 0;
    const z = c + 0;
    const k = this.arity;
    let h = mix(0x2545f491, x);
    if (k === 3) h = mix(mix(h, y), z);
    const { values, slots, mask } = this;
    for (let s = fmix(h) & mask; ; s = (s + 1) & mask) {
      const at = slots[s]!;
      if (at < 0) {
        const id = this.size;
        this.insert(s, id, x, y, z);
        return id;
      }
      const o = at * k;
      if (values[o] === x && (k === 1 || (values[o + 1] === y && values[o + 2] === z))) return at;
    }
  }

  /** Component j (0-based) of every distinct tuple, in index order. */
  column(j: number): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.values[i * this.arity + j]!;
    return out;
  }

  private insert(slot: number, id: number, x: number, y: number, z: number): void {
    const k = this.arity;
    if ((id + 1) * k > this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    const o = id * k;
    this.values[o] = x;
    if (k === 3) {
      this.values[o + 1] = y;
      this.values[o + 2] = z;
    }
    this.slots[slot] = id;
    this.size = id + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const k = this.arity;
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      const o = id * k;
      let h = mix(0x2545f491, this.values[o]!);
      if (k === 3) h = mix(mix(h, this.values[o + 1]!), this.values[o + 2]!);
      let s = fmix(h) & mask;
      while (slots[s]! >= 0) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
