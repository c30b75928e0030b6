export { copyJson, DEFAULT_JSON_LIMITS, deepFreeze, type JsonLimits } from './copyJson.js';
export type { DeepReadonly } from './deepReadonly.js';
