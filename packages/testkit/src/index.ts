// Helpers for tests, scripts and benchmarks; nothing in an app's production code imports this.
// `@insights/testkit/stack` (API, worker and fake GLM together), `/existing-backend` and
// `/redis-cluster` are subpaths: they bring heavier dependencies or files of their own.
export * from './scripted-provider.js';
export { fakeEmbeddings, type FakeEmbeddings, type FakeEmbeddingsOptions } from './fake-embeddings.js';
export * from './feedback-fixtures.js';
export * from './spec-prompts.js';
export { signSessionToken, type TokenClaims } from './session-token.js';
export { demoFeedback, prng, DEMO_NAMES, DEMO_THEMES, type DemoOptions, type DemoTheme } from './demo/demo-feedback.js';
export { seedDemo, DEMO_CLERK_USER_ID, DEMO_PROJECT_ID } from './demo/seed-demo.js';
export { labelledFeedback, PLANTED_THEMES, type EntryShape, type LabelledEntry, type LabelledSet, type PlantedTheme } from './demo/labelled-feedback.js';
export { bankingFeedback, BANKING_TAIL_SHARE, BANKING_THEMES, type BankingTheme } from './demo/banking-feedback.js';
export {
  everyCountWithin,
  meetsTargets,
  QUALITY_TARGETS,
  scoreThemes,
  type PlantedVerdict,
  type QualityReport,
  type ThemeVerdict,
} from './demo/theme-quality.js';
export { resultDraft } from './result-draft.js';
export {
  cleanSet,
  personalDataSet,
  PHONE_COUNTRIES,
  REDACTION_TARGETS,
  scoreRedaction,
  type KindScore,
  type LabelledText,
  type PersonalDataKind,
  type RedactionScore,
} from './demo/personal-data.js';
export { QueueAdmin, type FinishedJob } from './queue-admin.js';
export { InlineQueue, type InlineHandler, type InlineJob, type InlineJobOptions } from './inline-queue.js';
export { TEST_TIMINGS, SPAWNED_TIMINGS, AUTO_REFRESH_TIMINGS } from './test-timings.js';
export { freePort, waitForPort } from './ports.js';
export { eventually, sleep, waitForHttp } from './polling.js';
export { mean, median, quantile } from './stats.js';
export { ApiProcess, NodeChild, ROOT, runnerFor, WorkerProcess, type NodeChildOptions } from './processes.js';
export { bearer, newUser, tokenFor } from './users.js';
export { events, isFinal, openSse, type SseFrame, type SseStream } from './sse.js';
export * from './dashboard-client.js';
export * from './recording-proxy.js';
export { ownLocalPorts } from './own-connections.js';
export { plantedResult, storeProjectResult, type PlantedTheme as PlantedWeeklyTheme } from './theme-weeks.js';
