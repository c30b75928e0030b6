/**
 * The fast path of event validation: a hand-written check of the common, well-formed events that
 * returns exactly what copying within the limits and then the zod schema would return, or
 * `undefined` when it cannot tell cheaply (then the full path runs and reports every problem).
 *
 * It never decides that an event is invalid: every doubt (an unknown key, a wrong type, a value out
 * of range, `attributes`, a non-plain object, a limit approached) means "take the full path". So it
 * can only be wrong by accepting what the schema refuses, or shaping a value differently; the
 * differential test (src/events/fastShape.test.ts) checks both against the schema on generated and
 * mutated events.
 */
import { RESERVED_NAMES } from '../json/index.js';
import type { EventLimits } from './limits.js';

const MAX = Number.MAX_SAFE_INTEGER;
const RESERVED: ReadonlySet<string> = new Set(RESERVED_NAMES);

/** What one field must be. */
type Field =
  | { readonly kind: 'string'; readonly min: number; readonly max: number; readonly reserved?: true }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'literal' }
  | { readonly kind: 'strings'; readonly maxItems: number; readonly maxLength: number }
  | { readonly kind: 'objects'; readonly min: number; readonly max: number; readonly shape: Shape };

/** The fields of an object, in the schema's order (the order of the output's keys). */
interface Shape {
  readonly keys: readonly string[];
  /** Each key's position in `keys` and its field. */
  readonly slots: ReadonlyMap<
    string,
    { readonly at: number; readonly field: Field; readonly required: boolean }
  >;
  readonly required: number;
}

const str = (min: number, max: number): Field => ({ kind: 'string', min, max });
const int = (min: number, max: number): Field => ({ kind: 'int', min, max });
const id = str(1, 128);
const minor = int(0, MAX);
const reason = str(0, 1000);

function shape(fields: Record<string, Field>, optional: readonly string[]): Shape {
  const keys = Object.keys(fields);
  const slots = new Map(
    keys.map((k, at) => [k, { at, field: fields[k]!, required: !optional.includes(k) }] as const),
  );
  return { keys, slots, required: keys.length - optional.length };
}

function eventShape(fields: Record<string, Field>, optional: readonly string[]): Shape {
  return shape({ id, occurredAt: str(0, 64), memberId: id, type: { kind: 'literal' }, ...fields }, [
    'memberId',
    ...optional,
  ]);
}

const line = shape(
  {
    id: { kind: 'string', min: 1, max: 128, reserved: true },
    sku: str(1, 200),
    category: str(0, 200),
    tags: { kind: 'strings', maxItems: 100, maxLength: 200 },
    quantity: int(1, 1_000_000),
    price: minor,
    discount: minor,
    tax: minor,
  },
  ['id', 'category', 'tags', 'discount', 'tax'],
);

const payment = shape({ method: str(1, 50), amount: int(1, MAX) }, []);

const refundLine = shape(
  { lineId: { kind: 'string', min: 1, max: 128, reserved: true }, quantity: int(1, 1_000_000) },
  [],
);

/** The event types the fast path knows (others always take the full path). */
const SHAPES: Readonly<Record<string, Shape>> = {
  purchase: eventShape(
    {
      orderId: id,
      currency: str(0, 8),
      lines: { kind: 'objects', min: 1, max: MAX, shape: line },
      orderDiscount: minor,
      shipping: minor,
      shippingTax: minor,
      payments: { kind: 'objects', min: 0, max: 50, shape: payment },
      channel: str(0, 200),
      store: str(0, 200),
      couponCodes: { kind: 'strings', maxItems: 100, maxLength: 200 },
    },
    ['orderId', 'orderDiscount', 'shipping', 'shippingTax', 'payments', 'channel', 'store', 'couponCodes'],
  ),
  redemption: eventShape({ points: int(1, MAX), rewardId: id, quantity: int(1, 10_000), orderId: id }, [
    'points',
    'rewardId',
    'quantity',
    'orderId',
  ]),
  refund: eventShape(
    { orderId: id, lines: { kind: 'objects', min: 1, max: MAX, shape: refundLine }, reason },
    ['lines', 'reason'],
  ),
  adjustment: eventShape({ points: int(-MAX, MAX), reason: str(1, 1000) }, []),
  orderCompleted: eventShape({ orderId: id }, []),
  custom: eventShape({ name: str(1, 200) }, []),
  signup: eventShape({ referredBy: id }, ['referredBy']),
  birthday: eventShape({}, []),
  referral: eventShape(
    { referrerId: id, refereeId: id, status: { kind: 'enum', values: new Set(['signedUp', 'qualified']) } },
    ['status'],
  ),
  redemptionCancellation: eventShape({ redemptionId: id, reason }, ['reason']),
};

/** Counts what `copyJsonBounded` would count, to stay well inside the limits. */
interface Budget {
  nodes: number;
  chars: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The checked copy of one object, or `undefined`. */
function object(src: unknown, s: Shape, budget: Budget): Record<string, unknown> | undefined {
  if (!isPlainObject(src)) return undefined;
  budget.nodes += 1;
  const values: unknown[] = new Array<unknown>(s.keys.length);
  let required = 0;
  for (const key of Object.keys(src)) {
    const slot = s.slots.get(key);
    if (slot === undefined) return undefined;
    budget.chars += key.length;
    const v = value(src[key], slot.field, budget);
    if (v === undefined) return undefined;
    values[slot.at] = v;
    if (slot.required) required++;
  }
  if (required !== s.required) return undefined;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== undefined) out[s.keys[i]!] = v;
  }
  return out;
}

/** The checked copy of one value, or `undefined`. */
function value(v: unknown, f: Field, budget: Budget): unknown {
  switch (f.kind) {
    case 'string':
    case 'literal':
      if (typeof v !== 'string') return undefined;
      if (f.kind === 'string' && (v.length < f.min || v.length > f.max || (f.reserved && RESERVED.has(v))))
        return undefined;
      budget.nodes += 1;
      budget.chars += v.length;
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < f.min || v > f.max) return undefined;
      budget.nodes += 1;
      return v;
    case 'enum':
      if (typeof v !== 'string' || !f.values.has(v)) return undefined;
      budget.nodes += 1;
      budget.chars += v.length;
      return v;
    case 'strings': {
      if (!Array.isArray(v) || v.length > f.maxItems) return undefined;
      budget.nodes += 1 + v.length;
      const out: string[] = new Array<string>(v.length);
      for (let i = 0; i < v.length; i++) {
        const s: unknown = v[i];
        if (typeof s !== 'string' || s.length > f.maxLength) return undefined;
        budget.chars += s.length;
        out[i] = s;
      }
      return out;
    }
    case 'objects': {
      if (!Array.isArray(v) || v.length < f.min || v.length > f.max) return undefined;
      budget.nodes += 1;
      const out: Record<string, unknown>[] = new Array<Record<string, unknown>>(v.length);
      for (let i = 0; i < v.length; i++) {
        const o = object(v[i], f.shape, budget);
        if (o === undefined) return undefined;
        out[i] = o;
      }
      return out;
    }
  }
}

/**
 * The event as the schema would return it after `copyJsonBounded`, when the event is of a common
 * type, well formed, plain, without `attributes` and well inside `limits`; else `undefined`.
 * Never throws.
 * @internal
 */
export function fastShape(input: unknown, limits: EventLimits): Record<string, unknown> | undefined {
  // The deepest container of a known shape is at depth 3 (a line's tags); nothing is near a limit
  // when each bound is met with room to spare.
  if (limits.maxDepth < 4) return undefined;
  try {
    if (!isPlainObject(input)) return undefined;
    const type = input['type'];
    if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return undefined;
    const lines = input['lines'];
    if (Array.isArray(lines) && lines.length > limits.maxLines) return undefined;
    const budget: Budget = { nodes: 0, chars: 0 };
    const out = object(input, SHAPES[type]!, budget);
    if (out === undefined) return undefined;
    if (budget.nodes > limits.maxNodes || budget.chars > limits.maxTotalStringLength) return undefined;
    if (budget.chars > limits.maxStringLength && longestString(out) > limits.maxStringLength)
      return undefined;
    return out;
  } catch {
    return undefined; // a getter or proxy that throws: the full path reports it
  }
}

/** The longest string or key in a shaped value (only when the total could exceed a single bound). */
function longestString(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object' || v === null) return 0;
  let max = 0;
  for (const [k, x] of Object.entries(v))
    max = Math.max(max, Array.isArray(v) ? 0 : k.length, longestString(x));
  return max;
}
