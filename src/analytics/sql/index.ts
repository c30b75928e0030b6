export { quoteIdentifier } from './quoteIdentifier.js';
export { type SqlDialect, type SummarySqlOptions, summarySql } from './summarySql.js';
