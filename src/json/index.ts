export {
  copyJson,
  copyJsonBounded,
  DEFAULT_JSON_LIMITS,
  deepFreeze,
  FORBIDDEN_KEYS,
  type JsonCopy,
  type JsonLimits,
  NOT_RESERVED,
  RESERVED_MESSAGE,
  RESERVED_NAMES,
} from './copyJson.js';
export type { DeepReadonly } from './deepReadonly.js';
export { resolveLimitOverrides } from './resolveLimitOverrides.js';
