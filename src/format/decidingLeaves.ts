import type { ExplainLeaf, ExplainNode } from '../rules/index.js';

/**
 * The leaves that decided a condition's result: every leaf of an `all` that held (or the first that
 * failed), the first leaf of an `any` that held (or every one that failed), through `not` and shared
 * conditions. Leaves that were never evaluated are left out. These are what "why" means.
 */
export function decidingLeaves(node: ExplainNode): ExplainLeaf[] {
  switch (node.kind) {
    case 'fact':
      return node.evaluated ? [node] : [];
    case 'not':
    case 'condition':
      return decidingLeaves(node.child);
    case 'all':
    case 'any': {
      const evaluated = node.children.filter((c) => c.evaluated && c.result !== undefined);
      // all: true needs every child; false is decided by the first failing one. any: the reverse.
      const decisive = node.kind === 'all' ? node.result === false : node.result === true;
      if (decisive) {
        const first = evaluated.find((c) => c.result === (node.kind === 'any'));
        return first === undefined ? [] : decidingLeaves(first);
      }
      return evaluated.flatMap(decidingLeaves);
    }
  }
}
