export {
  type AnalyticsFactsInput,
  type AnalyticsFactsOptions,
  analyticsFacts,
  analyticsFactsByCustomer,
  type MemberAnalyticsFacts,
  type MemberPredictions,
} from './analyticsFacts.js';
