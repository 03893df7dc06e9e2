/**
 * Workers subscribe here; the API publishes a job id to stop it. Pub/sub is not stored, so
 * workers also re-check the job row between steps: a message missed during a reconnect is
 * caught at the next step.
 */
export const cancelChannel = (keyPrefix: string) => `${keyPrefix}:insights:cancel`;
