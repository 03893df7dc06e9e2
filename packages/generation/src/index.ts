export { InsightsGenerator, type CallListener, type GenerationRequest } from './insights-generator.js';
export { pgCallLedger, pgChunkMemo } from './adapters.js';
export { TokenBudget, type BudgetStatus } from './token-budget.js';
export { JobIdentity, type IdentityKeys } from './job-identity.js';
export { JobSizer } from './job-sizer.js';
