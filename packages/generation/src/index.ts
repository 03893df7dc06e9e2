export { InsightsGenerator, type CallListener, type GenerationRequest } from './insights-generator.js';
export { PgRunStore } from './adapters.js';
export { PgRefusalMemo } from './refusal-memo.js';
export { TokenBudget, type BudgetListener, type BudgetStatus } from './token-budget.js';
export { JobIdentity, type IdentityKeys } from './job-identity.js';
export { JobSizer } from './job-sizer.js';
