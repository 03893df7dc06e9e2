// Slack's escaping lives with the messages built from feedback (theme alerts, the digest), which
// the API renders too; failure notices use the same function.
export { slackEscape } from '@insights/engine';
