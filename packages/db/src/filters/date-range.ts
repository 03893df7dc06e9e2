import type { FeedbackFilter } from '../repositories/feedback.repository.js';
import type { InsightsFilters } from '../schema.js';

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DateRangeError extends Error {}

/**
 * Turns the API's inclusive date strings into a query filter: a bare date as `endDate` means
 * the end of that day, so `endDate=2026-01-31` includes the 31st.
 */
export function toFeedbackFilter(filters: InsightsFilters & { sentiment?: string }): FeedbackFilter {
  const startDate = filters.startDate ? new Date(filters.startDate) : undefined;
  let endDate = filters.endDate ? new Date(filters.endDate) : undefined;
  if (endDate && BARE_DATE.test(filters.endDate!)) endDate = new Date(endDate.getTime() + 86_400_000 - 1);
  if (startDate && endDate && startDate > endDate) throw new DateRangeError('startDate must not be after endDate');
  return { startDate, endDate, category: filters.category, sentiment: filters.sentiment };
}
