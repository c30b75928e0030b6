import { isLoyaltyError, LoyaltyError, type PathSegment } from '../errors/index.js';
import { compareMoney, type Money } from '../money/index.js';
import { BUILTIN_OPERATORS, decorate } from './builtinOperators.js';
import {
  atLeaf,
  callLazy,
  customOperator,
  domainOperator,
  itemQuantity,
  type OperatorContext,
} from './evaluatePlan.js';
import { explainPlan } from './explainCondition.js';
import { resolveFactPath } from './factPath.js';
import type { FactRead, ItemsPlan, LeafPlan, Plan } from './plan.js';
import type { Facts, OperatorFunction } from './types.js';

/*
 * The fast evaluator. The rules of a set are compiled together into one array of numbers (an
 * instruction list: no JavaScript is generated or evaluated) run by a small interpreter, `run`.
 * Conditions are compiled to jumps: each leaf instruction names where to continue when it is true
 * and when it is false, so all/any/not cost nothing at run time and an event costs about one
 * dispatch per leaf reached. (Closures cost an indirect call per node, which V8 cannot inline.)
 *
 * Facts are read into slots: one per distinct read (fact name + params, then + path) in the whole
 * set, filled on first use in an evaluation and reused by every later leaf of every rule, so each
 * fact is looked up once per evaluation (lazy facts called once) and only when a leaf reaches it.
 * Line items are read the same way in a child frame, one item at a time.
 *
 * Line-item leaves (anyItem, everyItem, countItems) of different rules over the same array share
 * one pass over it: when the first of them is reached, all of them are computed item by item,
 * reading each item's facts once. This is speculative (a leaf its rule would never reach gets
 * computed too), so it is done only where that cannot be observed: nested conditions without custom
 * operators or nested item operators; a lazy fact (a function) inside an item stops the shared pass
 * and each leaf is then evaluated on its own when reached; an error in one leaf's nested condition
 * is kept and thrown only when that leaf is reached. Results therefore equal evaluating each rule
 * alone (a differential test checks it).
 *
 * Semantics are those of evaluatePlan/explainCondition, the reference used by explain mode.
 */

// Functions of other modules called on the hot path, bound once here: under a module loader that
// exposes imports as getters (vitest's module runner, where the benchmark runs), a call through an
// import binding costs a getter call each time.
const quantityOf = itemQuantity;
const followPath = resolveFactPath;

/** The outcome of a shared-pass member that was not computed (a private symbol). */
const NOT_COMPUTED: unique symbol = Symbol('loyalty-engine/not-computed');
/** Thrown by `load` when a speculative pass meets a lazy fact; caught by `shareItems`. */
const STOP: unique symbol = Symbol('loyalty-engine/stop-speculation');
const NO_FACTS: Facts = Object.freeze({});
const NO_ITEMS: readonly unknown[] = Object.freeze([]);

// ---------- slots and frames ----------

/** How one slot is filled. */
interface SlotSpec {
  /** The read, for the fact name and the params a lazy fact is called with. */
  readonly read: FactRead;
  /** -1 when the slot holds the fact itself; otherwise the slot of the fact this path starts from. */
  readonly base: number;
  readonly segments: readonly string[];
  /** The case of readAt for this fact name. */
  readonly site: number;
}

/**
 * What `load` reads per slot, in flat arrays (one indexed read each instead of a chain through a
 * SlotSpec): the fact name, its readAt case, the base slot (-1 for the fact itself) and the path.
 */
interface SlotLayout {
  readonly names: readonly string[];
  /** The readAt case (>= 0) of a fact, or -2 - the base slot of a path. */
  readonly reads: Int32Array;
  readonly segments: readonly (readonly string[])[];
}

/** The slots of one kind of frame (top-level facts, or item facts). */
class SlotTable {
  readonly specs: SlotSpec[] = [];
  private readonly ids = new Map<string, number>();
  private flat: SlotLayout | undefined;

  /** The slots in flat arrays (built once all slots are known: frames are made after compiling). */
  layout(): SlotLayout {
    const specs = this.specs;
    if (this.flat === undefined || this.flat.names.length !== specs.length) {
      this.flat = {
        names: specs.map((s) => s.read.fact),
        reads: Int32Array.from(specs, (s) => (s.base < 0 ? s.site : -2 - s.base)),
        segments: specs.map((s) => s.segments),
      };
    }
    return this.flat;
  }

  /** The slot holding `read`'s value (fact, then path), allocated on first use. */
  slotOf(read: FactRead): number {
    const base = this.slot(read.memoKey, read, -1, []);
    if (read.segments === undefined) return base;
    return this.slot(`${read.memoKey}\u0001${JSON.stringify(read.segments)}`, read, base, read.segments);
  }

  private slot(key: string, read: FactRead, base: number, segments: readonly string[]): number {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.specs.length;
    this.specs.push({ read, base, segments, site: siteOf(read.fact) });
    this.ids.set(key, id);
    return id;
  }
}

/** Arrays filled by push, so that V8 keeps them packed (faster element reads). */
function filled<T>(length: number, value: T): T[] {
  const out: T[] = [];
  for (let i = 0; i < length; i++) out.push(value);
  return out;
}

/** What the interpreter reads: an object (the facts, or one line item) and its slot values. */
class Frame {
  facts: Facts = NO_FACTS;
  /** Is `facts` a plain object (inherited properties all functions)? Set by `enter`. */
  plain = true;
  readonly names: readonly string[];
  readonly reads: Int32Array;
  readonly segments: readonly (readonly string[])[];
  readonly slots: unknown[];
  /**
   * A slot holds a value of this evaluation when its `gen` equals `epoch` (bumped per facts object:
   * nothing to clear, and an integer comparison instead of one against a sentinel value).
   */
  readonly gen: Int32Array;
  epoch = 1;
  /** The frame for the items of an item operator evaluated in this frame (created on first use). */
  child: Frame | undefined = undefined;
  /** The top frame of this evaluation (itself for the top frame). */
  readonly top: Frame;
  /** Item frames: the item itself (for its quantity), and whether it is a hole of a sparse array. */
  item: unknown = undefined;
  hole = false;
  /** During a shared pass: the items, and the index of the current one. */
  list: readonly unknown[] = NO_ITEMS;
  index = 0;
  /** True during a shared item pass: a lazy fact stops it instead of being called. */
  speculative = false;
  /** Where `run` was when an error left it (a shared pass finds the member that failed). */
  at = -1;
  /** Top frame only: rule evaluated alone (-1: all rules), and the number of rules completed. */
  only = -1;
  done = 0;
  /**
   * Top frame only: per shared pass, whether it ran; per member item leaf, its outcome (undefined
   * while being computed) and count; members of the running pass still undecided.
   */
  readonly shared: boolean[];
  readonly outcomes: unknown[];
  readonly counts: number[];
  pending = 0;
  /**
   * The members of the running shared pass still to compute, as a linked list (shared by the top
   * frame and its item frames): per member (by its number) and per pass head (members + pass),
   * where to go next: the start of the next live member of the pass, or its NEXT. A member leaves
   * the list once decided, so later items skip it without a test.
   */
  readonly links: Int32Array;
  /** Item frames in a shared pass: the live member (or head) that ran last on this item. */
  prev = 0;

  constructor(
    readonly table: SlotTable,
    top: Frame | undefined,
    passes = 0,
    members = 0,
  ) {
    const layout = table.layout();
    this.names = layout.names;
    this.reads = layout.reads;
    this.segments = layout.segments;
    this.slots = filled<unknown>(table.specs.length, undefined);
    this.gen = new Int32Array(table.specs.length);
    this.top = top ?? this;
    this.shared = filled(passes, false);
    this.outcomes = filled<unknown>(members, NOT_COMPUTED);
    this.counts = filled(members, 0);
    this.links = top?.links ?? new Int32Array(members + passes);
  }
}

/** Starts reading `facts` in `f`: every slot becomes unread. */
function enter(f: Frame, facts: Facts): void {
  f.facts = facts;
  f.plain = plainObject(facts);
  if (++f.epoch === 0x3fffffff) {
    f.gen.fill(0);
    f.epoch = 1;
  }
}

/** Drops the facts and values a frame and its children hold, so that they can be collected. */
function clear(f: Frame | undefined): void {
  for (; f !== undefined; f = f.child) {
    f.facts = NO_FACTS;
    f.item = undefined;
    const slots = f.slots;
    for (let i = 0; i < slots.length; i++) slots[i] = undefined;
  }
}

/**
 * Is `o`'s prototype Object.prototype or null (so its inherited properties are all functions)?
 * Reading `o.__proto__` first is an inline-cached property read in V8, where Object.getPrototypeOf
 * calls into the runtime (~10x slower). It can only be fooled by an object that itself defines a
 * `__proto__` property (or a getter, or a Proxy trap) answering Object.prototype while its real
 * prototype is something else: no JSON data or ordinary object does that.
 */
function plainObject(o: Facts): boolean {
  // biome-ignore lint/suspicious/noProto: a fast first check, confirmed by getPrototypeOf otherwise
  if ((o as { __proto__?: unknown }).__proto__ === Object.prototype) return true;
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/*
 * Reading a property whose name is chosen at run time (`o[k]`) from one place in the code makes
 * V8's inline cache for that place megamorphic: every read probes a global hash table. {@link readAt}
 * keeps one inline cache per fact name instead: each `case` below is its own property read, and
 * {@link siteOf} gives each fact name its own case (process-wide, first come first served), so a
 * case sees one name and usually one or two object shapes, and V8 reads it almost like a fixed
 * property (`o.tier`): about 3x faster on this path. The cases are identical on purpose; this is
 * not generated code. Names beyond the cases share the default (megamorphic) read.
 */
const SITES = 64;
const siteOfName = new Map<string, number>();

/** The case of {@link readAt} that reads property `name`. */
function siteOf(name: string): number {
  let site = siteOfName.get(name);
  if (site === undefined) {
    if (siteOfName.size >= SITES) return SITES; // the map stays bounded
    site = siteOfName.size;
    siteOfName.set(name, site);
  }
  return site;
}

/** `o[k]`, read at the place `site` (from {@link siteOf}(k)). */
function readAt(o: Facts, k: string, site: number): unknown {
  switch (site) {
    case 0:
      return o[k];
    case 1:
      return o[k];
    case 2:
      return o[k];
    case 3:
      return o[k];
    case 4:
      return o[k];
    case 5:
      return o[k];
    case 6:
      return o[k];
    case 7:
      return o[k];
    case 8:
      return o[k];
    case 9:
      return o[k];
    case 10:
      return o[k];
    case 11:
      return o[k];
    case 12:
      return o[k];
    case 13:
      return o[k];
    case 14:
      return o[k];
    case 15:
      return o[k];
    case 16:
      return o[k];
    case 17:
      return o[k];
    case 18:
      return o[k];
    case 19:
      return o[k];
    case 20:
      return o[k];
    case 21:
      return o[k];
    case 22:
      return o[k];
    case 23:
      return o[k];
    case 24:
      return o[k];
    case 25:
      return o[k];
    case 26:
      return o[k];
    case 27:
      return o[k];
    case 28:
      return o[k];
    case 29:
      return o[k];
    case 30:
      return o[k];
    case 31:
      return o[k];
    case 32:
      return o[k];
    case 33:
      return o[k];
    case 34:
      return o[k];
    case 35:
      return o[k];
    case 36:
      return o[k];
    case 37:
      return o[k];
    case 38:
      return o[k];
    case 39:
      return o[k];
    case 40:
      return o[k];
    case 41:
      return o[k];
    case 42:
      return o[k];
    case 43:
      return o[k];
    case 44:
      return o[k];
    case 45:
      return o[k];
    case 46:
      return o[k];
    case 47:
      return o[k];
    case 48:
      return o[k];
    case 49:
      return o[k];
    case 50:
      return o[k];
    case 51:
      return o[k];
    case 52:
      return o[k];
    case 53:
      return o[k];
    case 54:
      return o[k];
    case 55:
      return o[k];
    case 56:
      return o[k];
    case 57:
      return o[k];
    case 58:
      return o[k];
    case 59:
      return o[k];
    case 60:
      return o[k];
    case 61:
      return o[k];
    case 62:
      return o[k];
    case 63:
      return o[k];
    default:
      return o[k];
  }
}

/** Fills slot `i` of `f`: own properties only, lazy facts called (once: the slot keeps the value). */
function load(f: Frame, i: number): unknown {
  const x = f.reads[i]!;
  let v: unknown;
  if (x >= 0) {
    v = readAt(f.facts, f.names[i]!, x);
    if (v !== undefined && (typeof v === 'function' || f.plain !== true)) v = ownOrLazy(f, i, v);
  } else {
    const base = -2 - x;
    const root = f.gen[base] === f.epoch ? f.slots[base] : load(f, base);
    v = followPath(root, f.segments[i]!);
  }
  f.slots[i] = v;
  f.gen[i] = f.epoch;
  return v;
}

/** A fact read `v` (not undefined) that is a function or comes from an object that is not plain. */
function ownOrLazy(f: Frame, i: number, v: unknown): unknown {
  if (!Object.hasOwn(f.facts, f.names[i]!)) return undefined;
  if (typeof v !== 'function') return v;
  if (f.speculative === true) throw STOP;
  return callLazy(f.table.specs[i]!.read, v as (p: Readonly<Record<string, unknown>>) => unknown);
}

// ---------- instructions ----------

// An instruction is a word (its opcode in the low 8 bits, an operand above: the fact's slot for a
// leaf) and further numbers. T and F are where to go when a test is true and when it is false: a
// code address, or one of the exits below; they follow the word in every test, so that `run` finds
// them without a table. A leaf's literal is in `consts` at the leaf's own address (one array read,
// not two). The case labels in `run` and `slow` are these numbers (V8 makes a jump table only for
// literal labels; in `run`, literals are used for other constants too: V8 reads module constants
// from memory each time).
const GOTO = 1; //   target
const CALL = 3; //   T F entry          a shared condition, run in the same frame
const DECIDE = 5; // (member) value      the member's outcome is value (unless a hole); it leaves the pass
const ADD = 6; //    (spec) next         the member (by its ItemsSpec) counts the item
const OPREF = 7; //  (slot) T F fn slot  fns[fn](fact, other fact); the other fact is read first
const NEXT = 8; //   (head)              a shared pass goes on with the next item at links[head], or returns
// Leaves (10 and up), (slot) T F: the fact's slot is read before dispatch. Built-in operators
// against a literal compare inline (notEqual and notIn are equal and in with T and F swapped). EQS,
// EQN, EQT, EQF are equal against a string, a number, true, false: V8 then compares directly
// instead of calling its generic `===`. INS and INN are `in` against a literal list of at least
// two strings, or numbers, compared in the loop. The tests on a string (10-11) and on a number
// (12-17) are numbered together: `run` checks the fact's type once per group.
const EQS = 10;
const INS = 11;
const EQN = 12;
const INN = 13;
const LT = 14;
const LE = 15;
const GT = 16;
const GE = 17;
const EQ = 18;
const EQT = 19;
const EQF = 20;
const IN = 21; //    (the literal is an array or a string: indexOf)
const HAS = 22; //   contains
const NHAS = 23; //  doesNotContain
const OP = 24; //    (slot) T F fn       fns[fn](fact, literal): other operators, decorators
const ITEMS = 25; // (slot) T F spec     an item leaf evaluated on its own
const SHARED = 26; // (slot) T F spec    an item leaf computed in a shared pass
const MONEY = 27; // (slot) T F fn       a money comparison against a literal (fns[fn] otherwise)

/**
 * Exits, used as targets: return false, return true, or a rule's result (stored when evaluating
 * all rules, then on to the next rule's code at `next`; returned when evaluating one rule).
 */
const EXIT_FALSE = -1;
const EXIT_TRUE = -2;
const ruleExit = (next: number, value: boolean): number => -3 - (next * 4 + (value ? 1 : 0));
/** An exit of a shared pass's member `m`: on to the next live member (`links[m]`). */
const linkExit = (m: number): number => -3 - (m * 4 + 2);

const ANY = 0;
const EVERY = 1;
const COUNT = 2;

/** An item leaf: its quantifier, its nested condition's entry (-1 when none) and count bounds. */
interface ItemsSpec {
  readonly kind: number;
  where: number;
  readonly min: number;
  readonly max: number;
  readonly byQuantity: boolean;
  /** Shared pass and member index (-1 when evaluated on its own). */
  readonly pass: number;
  readonly member: number;
  /** The rule it belongs to (-1 when several): evaluating one rule computes only its members. */
  readonly rule: number;
}

/** A shared pass: its members (indexes into `items`) and where each member's code starts. */
interface PassSpec {
  readonly members: number[];
  /** The members' specs, in code order, and their member numbers, kinds and rules (by `finish`). */
  readonly specs: ItemsSpec[];
  ids: Int32Array;
  kinds: Int32Array;
  rules: Int32Array;
  readonly starts: number[];
  /** The address of the pass's NEXT instruction. */
  next: number;
  /** Its entry in the frames' `links` (after the members'). */
  head: number;
}

/** A money literal of a MONEY instruction; `test`: 0 =, 1 !=, 2 <, 3 <=, 4 >, 5 >=. */
interface MoneyLiteral {
  readonly value: unknown;
  readonly amount: number;
  readonly currency: string;
  readonly test: number;
}

const MONEY_TESTS: ReadonlyMap<string, number> = new Map([
  ['moneyEqual', 0],
  ['moneyNotEqual', 1],
  ['moneyLessThan', 2],
  ['moneyLessThanInclusive', 3],
  ['moneyGreaterThan', 4],
  ['moneyGreaterThanInclusive', 5],
]);

/** Result of an item leaf whose nested condition threw during a shared pass: thrown when reached. */
class Deferred {
  constructor(readonly error: unknown) {}
}

/** The compiled program that `run` interprets. */
interface Code {
  readonly code: Int32Array;
  /** Per code address: the literal of the leaf there (null elsewhere). */
  readonly consts: readonly unknown[];
  readonly fns: readonly OperatorFunction[];
  readonly items: readonly ItemsSpec[];
  readonly passes: readonly PassSpec[];
  readonly itemTable: SlotTable;
}

function itemFacts(item: unknown): Facts {
  return typeof item === 'object' && item !== null ? (item as Facts) : NO_FACTS;
}

function isNumberLike(a: unknown): boolean {
  // json-rules-engine: Number.parseFloat(factValue).toString() !== 'NaN'
  return !Number.isNaN(Number.parseFloat(a as string));
}

function childOf(p: Code, f: Frame): Frame {
  let c = f.child;
  if (c === undefined) {
    c = new Frame(p.itemTable, f.top);
    f.child = c;
  }
  return c;
}

/**
 * One item leaf on its own. Loops as json-rules-engine interop's operators (createLoyaltyOperators):
 * anyItem/everyItem like Array.prototype.some/every (holes skipped), countItems like for-of (a hole
 * is an undefined item).
 */
function items(p: Code, spec: ItemsSpec, a: readonly unknown[], c: Frame): boolean {
  const n = a.length;
  const where = spec.where;
  if (spec.kind === COUNT) {
    let count = 0;
    for (let k = 0; k < n; k++) {
      const it = a[k];
      if (where >= 0) {
        enter(c, itemFacts(it));
        if (!run(p, where, c, undefined)) continue;
      }
      count += spec.byQuantity ? quantityOf(it) : 1;
    }
    return count >= spec.min && count <= spec.max;
  }
  const any = spec.kind === ANY;
  for (let k = 0; k < n; k++) {
    const it = a[k];
    if (it === undefined && !(k in a)) continue;
    enter(c, itemFacts(it));
    if ((where < 0 || run(p, where, c, undefined)) === any) return any;
  }
  return !any;
}

/** Moves an item frame of a shared pass to item `k` of its list. */
function nextItem(c: Frame, k: number): void {
  const it = c.list[k];
  c.index = k;
  enter(c, itemFacts(it));
  c.item = it;
  c.hole = it === undefined && !(k in c.list);
}

/**
 * Computes the members of shared pass `pass` over `a` in one walk, into the top frame's outcomes:
 * true or false, a Deferred error, or NOT_COMPUTED (another rule's member while one rule
 * is evaluated alone, or the pass stopped at a lazy fact).
 */
function shareItems(p: Code, pass: PassSpec, a: readonly unknown[], f: Frame): void {
  const { specs, starts, ids, kinds, rules } = pass;
  const { outcomes, counts, links } = f;
  const only = f.only;
  let pending = 0;
  let counting = false;
  // The members to compute, linked in code order.
  let prev = pass.head;
  for (let j = 0; j < ids.length; j++) {
    const m = ids[j]!;
    counts[m] = 0;
    const rule = rules[j]!;
    if (only >= 0 && rule >= 0 && rule !== only) {
      outcomes[m] = NOT_COMPUTED;
      continue;
    }
    outcomes[m] = undefined;
    if (kinds[j] === 2)
      counting = true; // COUNT
    else pending++;
    links[prev] = starts[j]!;
    prev = m;
  }
  links[prev] = pass.next;
  // Without countItems members to compute, the walk stops once every member is decided.
  f.pending = counting ? Number.POSITIVE_INFINITY : pending;
  const c = childOf(p, f);
  c.speculative = true;
  try {
    if (a.length > 0 && f.pending > 0) {
      // The pass's code walks the items itself (NEXT); an error ends that run, to go on after the
      // member that failed.
      c.list = a;
      nextItem(c, 0);
      c.prev = pass.head;
      let pc = links[pass.head]!;
      for (;;) {
        try {
          run(p, pc, c, undefined);
          break;
        } catch (e) {
          if (e === STOP) throw e;
          // A member's nested condition threw: keep the error and go on with the next member (a
          // member runs only while undecided).
          let j = 0;
          while (j + 1 < starts.length && starts[j + 1]! <= c.at) j++;
          const m = specs[j]!.member;
          if (outcomes[m] === undefined) {
            outcomes[m] = new Deferred(e);
            f.pending--;
            links[c.prev] = links[m]!; // it leaves the pass
          }
          pc = links[m]!;
        }
      }
    }
    for (let j = 0; j < specs.length; j++) {
      const spec = specs[j]!;
      const m = spec.member;
      if (outcomes[m] !== undefined) continue;
      const n = counts[m]!;
      outcomes[m] = spec.kind === COUNT ? n >= spec.min && n <= spec.max : spec.kind === EVERY;
    }
  } catch (e) {
    if (e !== STOP) throw e;
    for (let j = 0; j < specs.length; j++) outcomes[specs[j]!.member] = NOT_COMPUTED;
  } finally {
    c.speculative = false;
    c.item = undefined;
    c.list = NO_ITEMS;
  }
}

/** The instructions that call functions or loop, kept out of `run` so that its loop stays small. */
function slow(p: Code, op: number, pc: number, f: Frame, a: unknown): boolean {
  const code = p.code;
  const consts = p.consts;
  switch (op) {
    case 3: // CALL
      return run(p, code[pc + 3]!, f, undefined);
    case 7: {
      // OPREF: the value's fact first, as evaluatePlan (only lazy facts can tell the order).
      const r = code[pc + 4]!;
      const b = f.gen[r] === f.epoch ? f.slots[r] : load(f, r);
      const s = code[pc]! >> 8;
      a = f.gen[s] === f.epoch ? f.slots[s] : load(f, s);
      return p.fns[code[pc + 3]!]!(a, b);
    }
    case 23: // NHAS
      return Array.isArray(a) && a.indexOf(consts[pc]) === -1;
    // The numeric operators when the fact is not a number: json-rules-engine's parseFloat check.
    case 14: // LT
      return isNumberLike(a) && (a as number) < (consts[pc] as number);
    case 15: // LE
      return isNumberLike(a) && (a as number) <= (consts[pc] as number);
    case 16: // GT
      return isNumberLike(a) && (a as number) > (consts[pc] as number);
    case 17: // GE
      return isNumberLike(a) && (a as number) >= (consts[pc] as number);
    case 24: // OP
      return p.fns[code[pc + 3]!]!(a, consts[pc]);
    case 27: {
      // MONEY: a fact in the literal's currency compares its amount; anything else (not money,
      // another currency: false or CURRENCY_MISMATCH) goes through the operator.
      const m = consts[pc] as MoneyLiteral;
      if (typeof a === 'object' && a !== null) {
        const { amount, currency } = a as { amount?: unknown; currency?: unknown };
        if (currency === m.currency && Number.isSafeInteger(amount)) {
          const x = amount as number;
          switch (m.test) {
            case 0:
              return x === m.amount;
            case 1:
              return x !== m.amount;
            case 2:
              return x < m.amount;
            case 3:
              return x <= m.amount;
            case 4:
              return x > m.amount;
            default:
              return x >= m.amount;
          }
        }
      }
      return p.fns[code[pc + 3]!]!(a, m.value);
    }
    case 25: // ITEMS
      return Array.isArray(a) && items(p, p.items[code[pc + 3]!]!, a, childOf(p, f));
    case 26: {
      // SHARED
      if (!Array.isArray(a)) return false;
      const spec = p.items[code[pc + 3]!]!;
      if (f.shared[spec.pass] !== true) {
        f.shared[spec.pass] = true;
        shareItems(p, p.passes[spec.pass]!, a, f);
      }
      const outcome = f.outcomes[spec.member];
      if (outcome === true || outcome === false) return outcome;
      if (outcome instanceof Deferred) throw outcome.error;
      return items(p, spec, a, childOf(p, f));
    }
    default:
      throw new LoyaltyError('INTERNAL', `Bad rule program at ${pc} (a bug in loyalty-engine)`);
  }
}

/**
 * Runs the program from `entry` in frame `f` until an exit: EXIT_TRUE/EXIT_FALSE return; a rule's
 * store exit returns its result when `out` is undefined (one rule alone), else writes it to `out`
 * and goes on with the next rule.
 */
function run(p: Code, entry: number, f: Frame, out: boolean[] | undefined): boolean {
  let pc = entry | 0; // an int32 in V8 (no tagging per step)
  const code = p.code;
  const consts = p.consts;
  const slots = f.slots;
  const gen = f.gen;
  let epoch = f.epoch;
  let rule = 0;
  try {
    for (;;) {
      if (pc < 0) {
        if (pc >= -2) return pc === -2; // EXIT_TRUE or EXIT_FALSE
        const r = -3 - pc;
        if ((r & 2) !== 0) {
          // a shared pass's member is done with this item: on to the next live member
          const m = r >> 2;
          f.prev = m;
          pc = f.links[m]!;
          continue;
        }
        const value = (r & 1) === 1;
        if (out === undefined) return value;
        out[rule++] = value;
        pc = r >> 2;
        continue;
      }
      const w = code[pc]!;
      const op = w & 0xff;
      if (op < 10) {
        switch (op) {
          case 1: // GOTO
            pc = code[pc + 1]!;
            break;
          case 8: {
            // NEXT: the shared pass's next item, until the items run out or every member is decided
            const k = f.index + 1;
            if (k >= f.list.length || f.top.pending <= 0) return true;
            nextItem(f, k);
            epoch = f.epoch;
            const head = w >> 8;
            f.prev = head;
            pc = f.links[head]!;
            break;
          }
          case 5: {
            // DECIDE: anyItem and everyItem skip holes; a decided member leaves the pass (the live
            // member before it now links to the one after it)
            const top = f.top;
            const m = w >> 8;
            const links = f.links;
            if (f.hole === false && top.outcomes[m] === undefined) {
              top.outcomes[m] = code[pc + 1] === 1;
              top.pending--;
              links[f.prev] = links[m]!;
            } else f.prev = m;
            pc = links[m]!;
            break;
          }
          case 6: {
            // ADD (its operand is the index of the member's ItemsSpec)
            const spec = p.items[w >> 8]!;
            // (a member that failed, or is not computed, may count on: its count is not used)
            f.top.counts[spec.member]! += spec.byQuantity ? quantityOf(f.item) : 1;
            pc = code[pc + 1]!;
            break;
          }
          default:
            // CALL, OPREF
            pc = slow(p, op, pc, f, undefined) ? code[pc + 1]! : code[pc + 2]!;
        }
        continue;
      }
      // A leaf: its fact first.
      const s = w >> 8;
      const a = gen[s] === epoch ? slots[s] : load(f, s);
      // The string tests and the number tests each check the fact's type once, in their own
      // branch: V8 computes a type test used by several cases of one switch before the switch,
      // for every case.
      if (op < 12) {
        // EQS, INS: false unless the fact is a string
        let hit = false;
        if (typeof a === 'string') {
          const x = consts[pc];
          if (op === 10) hit = a === x;
          else {
            const list = x as readonly string[];
            for (let i = 0; i < list.length; i++) {
              if (list[i] === a) {
                hit = true;
                break;
              }
            }
          }
        }
        pc = hit ? code[pc + 1]! : code[pc + 2]!;
        continue;
      }
      if (op < 18) {
        // EQN, INN: false unless the fact is a number. LT, LE, GT, GE: for a number, json-rules-
        // engine's parseFloat check only rejects NaN, which compares false; otherwise `slow`.
        let hit = false;
        if (typeof a === 'number') {
          const x = consts[pc];
          switch (op) {
            case 12:
              hit = a === x;
              break;
            case 13: {
              const list = x as readonly number[];
              for (let i = 0; i < list.length; i++) {
                if (list[i] === a) {
                  hit = true;
                  break;
                }
              }
              break;
            }
            case 14:
              hit = a < (x as number);
              break;
            case 15:
              hit = a <= (x as number);
              break;
            case 16:
              hit = a > (x as number);
              break;
            default:
              hit = a >= (x as number);
          }
        } else if (op >= 14) hit = slow(p, op, pc, f, a);
        pc = hit ? code[pc + 1]! : code[pc + 2]!;
        continue;
      }
      switch (op) {
        case 18: // EQ
          pc = a === consts[pc] ? code[pc + 1]! : code[pc + 2]!;
          break;
        case 19: // EQT
          pc = a === true ? code[pc + 1]! : code[pc + 2]!;
          break;
        case 20: // EQF
          pc = a === false ? code[pc + 1]! : code[pc + 2]!;
          break;
        case 21: // IN
          pc =
            (consts[pc] as { indexOf(v: unknown): number }).indexOf(a) > -1 ? code[pc + 1]! : code[pc + 2]!;
          break;
        case 22: // HAS
          pc = Array.isArray(a) && a.indexOf(consts[pc]) > -1 ? code[pc + 1]! : code[pc + 2]!;
          break;
        case 27: {
          // MONEY, when the fact is money in the literal's currency (otherwise `slow`)
          const m = consts[pc] as MoneyLiteral;
          const x =
            typeof a === 'object' && a !== null ? (a as { amount?: unknown; currency?: unknown }) : undefined;
          if (x !== undefined && x.currency === m.currency && Number.isSafeInteger(x.amount)) {
            const amount = x.amount as number;
            const t = m.test;
            const r =
              t === 5
                ? amount >= m.amount
                : t === 4
                  ? amount > m.amount
                  : t === 2
                    ? amount < m.amount
                    : t === 3
                      ? amount <= m.amount
                      : t === 0
                        ? amount === m.amount
                        : amount !== m.amount;
            pc = r ? code[pc + 1]! : code[pc + 2]!;
          } else pc = slow(p, op, pc, f, a) ? code[pc + 1]! : code[pc + 2]!;
          break;
        }
        case 26: {
          // SHARED, once its pass has run in this evaluation: the member's outcome
          const spec = p.items[code[pc + 3]!]!;
          const outcome = f.shared[spec.pass] === true ? f.outcomes[spec.member] : undefined;
          if (outcome === true) pc = code[pc + 1]!;
          else if (outcome === false) pc = code[pc + 2]!;
          else pc = slow(p, op, pc, f, a) ? code[pc + 1]! : code[pc + 2]!;
          break;
        }
        default:
          // NHAS, OP, ITEMS, SHARED the first time
          pc = slow(p, op, pc, f, a) ? code[pc + 1]! : code[pc + 2]!;
      }
    }
  } catch (e) {
    f.at = pc;
    if (out !== undefined) f.done = rule;
    throw e;
  }
}

// ---------- compilation ----------

/** A code address, possibly not known yet (uses are patched when it is placed). */
class Label {
  readonly uses: number[] = [];
  /**
   * @param at - an exit (negative), or undefined until placed
   * @param encode - what uses hold once it is placed (default: the address)
   */
  constructor(
    public at: number | undefined = undefined,
    readonly encode: (address: number) => number = (address) => address,
  ) {}
}

/** Can an item leaf's nested condition run speculatively (no user code, no nested items)? */
function pure(plan: Plan, custom: Readonly<Record<string, OperatorFunction>>, seen: Set<Plan>): boolean {
  if (seen.has(plan)) return true;
  seen.add(plan);
  switch (plan.kind) {
    case 'all':
    case 'any':
      return plan.children.every((c) => pure(c, custom, seen));
    case 'not':
      return pure(plan.child, custom, seen);
    case 'condition':
      return pure(plan.target, custom, seen);
    case 'fact':
      return plan.items === undefined && !Object.hasOwn(custom, plan.base);
  }
}

/** The leaf is an undecorated item operator (not replaced by a custom operator). */
function isItemLeaf(leaf: LeafPlan): leaf is LeafPlan & { readonly items: ItemsPlan } {
  return leaf.items !== undefined && leaf.decorators.length === 0;
}

/**
 * Built-in operators compared inline when undecorated and against a literal: the opcode, and
 * whether T and F are swapped (notEqual is not equal, notIn is not in).
 */
const INLINE: ReadonlyMap<string, readonly [op: number, negated: boolean]> = new Map([
  ['equal', [EQ, false]],
  ['notEqual', [EQ, true]],
  ['in', [IN, false]],
  ['notIn', [IN, true]],
  ['contains', [HAS, false]],
  ['doesNotContain', [NHAS, false]],
  ['lessThan', [LT, false]],
  ['lessThanInclusive', [LE, false]],
  ['greaterThan', [GT, false]],
  ['greaterThanInclusive', [GE, false]],
]);

/** `in` against a literal list this short becomes a chain of equality tests. */
const SHORT_LIST = 4;

/** INS or INN for a literal list of only strings or only numbers, else undefined. */
function listOp(x: readonly unknown[]): number | undefined {
  if (x.every((e) => typeof e === 'string')) return INS;
  if (x.every((e) => typeof e === 'number')) return INN;
  return undefined;
}

/** The opcode of `fact === x`: EQS, EQN, EQT or EQF when the literal's type allows, else EQ. */
function equality(x: unknown): number {
  if (typeof x === 'string') return EQS;
  if (typeof x === 'number') return EQN;
  if (x === true) return EQT;
  if (x === false) return EQF;
  return EQ;
}

class Compiler {
  readonly top = new SlotTable();
  readonly item = new SlotTable();
  readonly ops: number[] = [];
  /** The leaves' literals by address (made a full array by `finish`). */
  private readonly consts = new Map<number, unknown>();
  readonly fns: OperatorFunction[] = [];
  readonly items: ItemsSpec[] = [];
  readonly passes: PassSpec[] = [];
  /** Entry labels of shared conditions and item conditions, emitted after the rules. */
  private readonly entries = new Map<Plan, Label>();
  private readonly queue: { plan: Plan; inItem: boolean; label: Label }[] = [];
  /** Shared-pass members by leaf. */
  private readonly members = new Map<LeafPlan, number>();
  /** Per ItemsSpec: its nested condition, and that condition's entry as a subroutine. */
  private readonly itemWheres: (Plan | undefined)[] = [];
  private readonly itemEntries: (Label | undefined)[] = [];
  /** Filled in by `finish`: the program the operator functions of decorated item leaves run. */
  program: Code | undefined;

  constructor(private readonly ctx: OperatorContext) {}

  /** Top-level undecorated item leaves that can run speculatively, by the slot of their array. */
  private collect(plans: readonly Plan[]): Map<number, { leaf: LeafPlan; rules: Set<number> }[]> {
    const out = new Map<number, { leaf: LeafPlan; rules: Set<number> }[]>();
    const found = new Map<LeafPlan, Set<number>>();
    const visit = (plan: Plan, rule: number, seen: Set<Plan>): void => {
      if (seen.has(plan)) return;
      seen.add(plan);
      switch (plan.kind) {
        case 'all':
        case 'any':
          for (const c of plan.children) visit(c, rule, seen);
          return;
        case 'not':
          visit(plan.child, rule, seen);
          return;
        case 'condition':
          visit(plan.target, rule, seen);
          return;
        case 'fact': {
          if (!isItemLeaf(plan)) return;
          // Without a nested condition there is nothing to share: countItems just adds up.
          const where = plan.items.where;
          if (where === undefined || !pure(where, this.ctx.custom, new Set())) return;
          const rules = found.get(plan);
          if (rules !== undefined) {
            rules.add(rule);
            return;
          }
          const entry = { leaf: plan, rules: new Set([rule]) };
          found.set(plan, entry.rules);
          const slot = this.top.slotOf(plan.read);
          const list = out.get(slot) ?? [];
          list.push(entry);
          out.set(slot, list);
        }
      }
    };
    plans.forEach((plan, rule) => {
      visit(plan, rule, new Set());
    });
    return out;
  }

  /** Compiles the rules; returns each rule's entry. */
  compile(plans: readonly Plan[]): number[] {
    for (const list of this.collect(plans).values()) {
      if (list.length < 2) continue;
      const pass = this.passes.length;
      const none = new Int32Array(0);
      this.passes.push({
        members: [],
        specs: [],
        ids: none,
        kinds: none,
        rules: none,
        starts: [],
        next: -1,
        head: -1,
      });
      for (const { leaf, rules } of list) {
        const spec = this.itemSpec(leaf.items as ItemsPlan, pass, rules.size === 1 ? [...rules][0]! : -1);
        this.members.set(leaf, spec);
      }
    }
    const entries: number[] = [];
    for (let k = 0; k < plans.length; k++) {
      entries.push(this.ops.length);
      // The rule's exits lead to what follows its code: the next rule, or the final GOTO.
      const t = new Label(undefined, (at) => ruleExit(at, true));
      const f = new Label(undefined, (at) => ruleExit(at, false));
      this.emit(plans[k]!, false, t, f);
      this.place(t);
      this.place(f);
    }
    this.ops.push(GOTO, EXIT_TRUE);
    this.drain();
    const members = this.passes.reduce((n, p) => n + p.members.length, 0);
    for (let pass = 0; pass < this.passes.length; pass++) this.emitPass(pass, members);
    this.drain();
    return entries;
  }

  private place(label: Label): void {
    const at = label.encode(this.ops.length);
    label.at = at;
    for (const u of label.uses) this.ops[u] = at;
  }

  private use(label: Label): void {
    if (label.at === undefined) label.uses.push(this.ops.length);
    this.ops.push(label.at ?? -1);
  }

  /** The entry of `plan` as a subroutine exiting with its result (emitted once, after the rules). */
  private entry(plan: Plan, inItem: boolean): Label {
    let label = this.entries.get(plan);
    if (label === undefined) {
      label = new Label();
      this.entries.set(plan, label);
      this.queue.push({ plan, inItem, label });
    }
    return label;
  }

  private drain(): void {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      const { plan, inItem, label } = next;
      this.place(label);
      this.emit(plan, inItem, new Label(EXIT_TRUE), new Label(EXIT_FALSE));
    }
  }

  /** Emits `plan` so that control goes to `t` when it holds and to `f` when not. */
  private emit(plan: Plan, inItem: boolean, t: Label, f: Label): void {
    switch (plan.kind) {
      case 'all':
      case 'any': {
        const n = plan.order.length;
        if (n === 0) {
          this.ops.push(GOTO);
          this.use(t);
          return;
        }
        for (let i = 0; i < n; i++) {
          const child = plan.children[plan.order[i]!]!;
          if (i === n - 1) {
            this.emit(child, inItem, t, f);
            return;
          }
          const next = new Label();
          if (plan.kind === 'all') this.emit(child, inItem, next, f);
          else this.emit(child, inItem, t, next);
          this.place(next);
        }
        return;
      }
      case 'not':
        this.emit(plan.child, inItem, f, t);
        return;
      case 'condition':
        this.ops.push(CALL);
        this.use(t);
        this.use(f);
        this.use(this.entry(plan.target, inItem));
        return;
      case 'fact':
        this.leaf(plan, inItem, t, f);
    }
  }

  /** Emits a test: its word, T and F, then `extra`; `literal` goes to `consts` at its address. */
  private test(op: number, slot: number, t: Label, f: Label, literal: unknown, ...extra: number[]): void {
    const at = this.ops.length;
    this.ops.push(op | (slot << 8));
    this.use(t);
    this.use(f);
    this.ops.push(...extra);
    this.consts.set(at, literal);
  }

  private fn(op: OperatorFunction): number {
    this.fns.push(op);
    return this.fns.length - 1;
  }

  private leaf(leaf: LeafPlan, inItem: boolean, t: Label, f: Label): void {
    const table = inItem ? this.item : this.top;
    const s = table.slotOf(leaf.read);
    const value = leaf.value;
    const inline = leaf.decorators.length === 0 ? INLINE.get(leaf.base) : undefined;
    if (isItemLeaf(leaf)) {
      const member = inItem ? undefined : this.members.get(leaf);
      if (member !== undefined) this.test(SHARED, s, t, f, null, member);
      else this.test(ITEMS, s, t, f, null, this.itemSpec(leaf.items, -1, -1));
    } else if (value.kind === 'fact') {
      const fn = this.fn(this.operator(leaf));
      this.test(OPREF, s, t, f, null, fn, table.slotOf(value.read));
    } else if (
      inline === undefined ||
      (inline[0] === IN && !Array.isArray(value.value) && typeof value.value !== 'string')
    ) {
      const money = leaf.decorators.length === 0 ? this.moneyLiteral(leaf.base, value.value) : undefined;
      const fn = this.fn(this.operator(leaf));
      this.test(money === undefined ? OP : MONEY, s, t, f, money ?? value.value, fn);
    } else {
      const [op, negated] = inline;
      if (negated) [t, f] = [f, t];
      const x = value.value;
      const list = op === IN && Array.isArray(x) && x.length > 1 ? listOp(x) : undefined;
      if (list !== undefined) {
        // `fact in [...]` with indexOf's === compared in the loop (a literal list holds no NaN)
        this.test(list, s, t, f, x);
      } else if (op === IN && Array.isArray(x) && x.length > 0 && x.length <= SHORT_LIST) {
        // `fact in [a, b]` as `fact === a || fact === b`: indexOf compares with ===, and a literal
        // list holds no NaN. The first test reads the fact (a lazy fact is called even for []).
        x.forEach((element: unknown, i) => {
          const next = i + 1 < x.length ? new Label() : f;
          this.test(equality(element), s, t, next, element);
          if (next !== f) this.place(next);
        });
      } else this.test(op === EQ ? equality(x) : op, s, t, f, x);
    }
  }

  /** A MONEY literal, when `base` is a (not replaced) money comparison against valid money. */
  private moneyLiteral(base: string, value: unknown): MoneyLiteral | undefined {
    const test = MONEY_TESTS.get(base);
    if (test === undefined || Object.hasOwn(this.ctx.custom, base)) return undefined;
    const { amount, currency } = value as { amount: number; currency: string };
    try {
      compareMoney(value as Money, value as Money); // a known currency and a safe amount
    } catch {
      return undefined;
    }
    return { value, amount, currency, test };
  }

  private itemSpec(items: ItemsPlan, pass: number, rule: number): number {
    const index = this.items.length;
    const member = pass < 0 ? -1 : this.passes.reduce((n, p) => n + p.members.length, 0);
    this.items.push({
      kind: items.kind === 'anyItem' ? ANY : items.kind === 'everyItem' ? EVERY : COUNT,
      where: -1,
      min: items.min ?? Number.NEGATIVE_INFINITY,
      max: items.max ?? Number.POSITIVE_INFINITY,
      byQuantity: items.count === 'quantity',
      pass,
      member,
      rule,
    });
    this.itemWheres.push(items.where);
    this.itemEntries.push(items.where === undefined ? undefined : this.entry(items.where, true));
    if (pass >= 0) this.passes[pass]!.members.push(index);
    return index;
  }

  /**
   * A shared pass: per member, its nested condition inline, then DECIDE (anyItem on true,
   * everyItem on false) or ADD (countItems on true); each member then exits to the next live member
   * (a link exit), the last one to NEXT, which moves to the next item and starts over with the
   * first live member. A decided member leaves the links (see Frame.links): no test per item.
   */
  private emitPass(pass: number, heads: number): void {
    const spec = this.passes[pass]!;
    const { members, starts } = spec;
    const ops = this.ops;
    for (const i of members) {
      const item = this.items[i]!;
      starts.push(ops.length);
      const next = new Label(linkExit(item.member));
      const hit = new Label();
      const where = this.itemWheres[i]!;
      if (item.kind === EVERY) this.emit(where, true, next, hit);
      else this.emit(where, true, hit, next);
      this.place(hit);
      if (item.kind === COUNT) {
        ops.push(ADD | (i << 8));
        this.use(next);
      } else ops.push(DECIDE | (item.member << 8), item.kind === ANY ? 1 : 0); // then links[member]
    }
    spec.next = ops.length;
    spec.head = heads + pass;
    ops.push(NEXT | (spec.head << 8));
  }

  /** The leaf's operator as a function, decorators applied (item operators get a frame per call). */
  private operator(leaf: LeafPlan): OperatorFunction {
    const name = leaf.base;
    let op: OperatorFunction;
    if (Object.hasOwn(this.ctx.custom, name)) op = customOperator(name, this.ctx.custom[name]!);
    else if (Object.hasOwn(BUILTIN_OPERATORS, name)) op = BUILTIN_OPERATORS[name]!;
    else if (leaf.items !== undefined) {
      const spec = this.itemSpec(leaf.items, -1, -1);
      op = (a) => {
        if (!Array.isArray(a)) return false;
        const p = this.program!;
        return items(p, p.items[spec]!, a, new Frame(p.itemTable, undefined));
      };
    } else op = domainOperator(name, this.ctx);
    for (let i = leaf.decorators.length - 1; i >= 0; i--)
      op = decorate(leaf.decorators[i]!, op, leaf.operator);
    return op;
  }

  /** Resolves the last addresses and freezes the program. */
  finish(): Code {
    this.items.forEach((spec, i) => {
      spec.where = this.itemEntries[i]?.at ?? -1;
    });
    for (const pass of this.passes) {
      for (const i of pass.members) pass.specs.push(this.items[i]!);
      pass.ids = Int32Array.from(pass.specs, (s) => s.member);
      pass.kinds = Int32Array.from(pass.specs, (s) => s.kind);
      pass.rules = Int32Array.from(pass.specs, (s) => s.rule);
    }
    // A generic array (null where no literal), whatever the literals: arrays of only small integers
    // or only doubles have other layouts, which would make `run`'s reads polymorphic across
    // programs (and box every double read).
    const consts = filled<unknown>(this.ops.length, null);
    for (const [at, literal] of this.consts) consts[at] = literal;
    const program: Code = {
      code: Int32Array.from(this.ops),
      consts,
      fns: this.fns,
      items: this.items,
      passes: this.passes,
      itemTable: this.item,
    };
    this.program = program;
    return program;
  }
}

// ---------- the program ----------

/** @internal One rule of a program: its plan, and the prefix of error paths (where it is in the input). */
export interface ProgramRule {
  readonly plan: Plan;
  readonly at: readonly PathSegment[];
}

/**
 * @internal Compiled rules sharing their fact slots. Evaluating all rules, or one, reads each fact
 * at most once. Re-entrant: a lazy fact or custom operator may evaluate the same program again.
 */
export class Program {
  private readonly code: Code;
  private readonly entries: readonly number[];
  private readonly top: SlotTable;
  private readonly members: number;
  /** A cleared top frame ready for the next evaluation (undefined while one is running). */
  private idle: Frame | undefined;

  constructor(
    private readonly rules: readonly ProgramRule[],
    private readonly ctx: OperatorContext,
  ) {
    const compiler = new Compiler(ctx);
    this.entries = compiler.compile(rules.map((r) => r.plan));
    this.code = compiler.finish();
    this.top = compiler.top;
    this.members = compiler.items.filter((s) => s.pass >= 0).length;
    this.idle = this.frame();
  }

  private frame(): Frame {
    return new Frame(this.top, undefined, this.code.passes.length, this.members);
  }

  /** Evaluates every rule in order into `out` (out[i] for rule i). */
  evaluateAll(facts: Facts, out: boolean[]): void {
    const f = this.acquire(facts, -1);
    try {
      run(this.code, this.entries[0] ?? EXIT_TRUE, f, out);
    } catch (e) {
      throw this.failure(e, f.done, f, true);
    } finally {
      this.release(f);
    }
  }

  /** Evaluates rule `k` alone (errors have paths into its condition, as compileCondition's). */
  evaluateOne(k: number, facts: Facts): boolean {
    const f = this.acquire(facts, k);
    try {
      return run(this.code, this.entries[k]!, f, undefined);
    } catch (e) {
      throw this.failure(e, k, f, false);
    } finally {
      this.release(f);
    }
  }

  private acquire(facts: Facts, only: number): Frame {
    let f = this.idle;
    if (f === undefined) f = this.frame();
    else this.idle = undefined;
    enter(f, facts);
    f.only = only;
    f.done = 0;
    return f;
  }

  /** Clears the frames (so that facts can be collected) and keeps the top one for the next time. */
  private release(f: Frame): void {
    clear(f);
    const shared = f.shared;
    for (let i = 0; i < shared.length; i++) shared[i] = false;
    this.idle = f;
  }

  /**
   * The error to throw when rule `k` failed: evaluation is deterministic, so explain mode re-runs
   * it (reusing the lazy facts already computed) to find the failing leaf's path.
   */
  private failure(e: unknown, k: number, f: Frame, inSet: boolean): unknown {
    const rule = this.rules[k];
    if (rule === undefined) return e;
    const memo = new Map<string, unknown>();
    const specs = this.top.specs;
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      if (spec.base < 0 && f.gen[i] === f.epoch && typeof f.facts[spec.read.fact] === 'function')
        memo.set(spec.read.memoKey, f.slots[i]);
    }
    let found: unknown = e;
    try {
      explainPlan(rule.plan, this.ctx, f.facts, memo);
    } catch (again) {
      found = again;
    }
    const error = atLeaf(found, []);
    return inSet ? withPrefix(error, rule.at) : error;
  }
}

/** Prefixes the paths of a condition error with where the rule is in the input. */
function withPrefix(e: unknown, at: readonly PathSegment[]): unknown {
  if (at.length === 0 || !isLoyaltyError(e) || e.code !== 'INVALID_CONDITION') return e;
  return new LoyaltyError(
    e.code,
    'Condition failed at evaluation',
    e.issues.map((i) => ({ ...i, path: [...at, ...i.path] })),
    { cause: e.cause },
  );
}
