export {
  copyJson,
  copyJsonBounded,
  DEFAULT_JSON_LIMITS,
  deepFreeze,
  FORBIDDEN_KEYS,
  type JsonCopy,
  type JsonLimits,
} from './copyJson.js';
export { resolveLimitOverrides } from './resolveLimitOverrides.js';
