/**
 * The existing dashboard's API client, request for request: every call sends
 * `Content-Type: application/json` and the bearer token, bodiless POSTs and DELETEs included,
 * query parameters built from the defined fields, a non-2xx turned into an Error carrying the
 * body's `message`, and `{ success, data }` unwrapped to `data`. Tests drive the service through
 * it to prove the dashboard works against it unchanged.
 */
export interface DashboardJobStatus {
  status: 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled' | 'not_found';
  progress?: number;
  result?: DashboardInsights;
  error?: string;
  cached?: boolean;
}

export interface DashboardInsights {
  summary: string;
  keyThemes: string[];
  recommendations: string[];
  insights: { type: 'theme' | 'recommendation' | 'alert' | 'trend'; title: string; description: string; priority: 'high' | 'medium' | 'low' }[];
  statistics: { totalFeedback: number; averageRating: number; positivePercentage: number; negativePercentage: number };
  generatedAt: string;
}

type Params = Record<string, string | number | undefined>;

export class DashboardClient {
  /** Every request made, as the server received its shape: method, path and query, body or none. */
  readonly sent: { method: string; endpoint: string; body: string | undefined; contentType: string }[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string,
  ) {}

  private async fetch<T>(endpoint: string, options: { method?: string; body?: string } = {}): Promise<T> {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token()}` };
    this.sent.push({ method: options.method ?? 'GET', endpoint, body: options.body, contentType: headers['Content-Type'] });
    const response = await fetch(`${this.baseUrl}${endpoint}`, { ...options, headers });
    if (!response.ok) {
      const error = (await response.json().catch(() => ({ message: response.statusText }))) as { message?: string; error?: string };
      throw new Error(error.message || error.error || 'API request failed');
    }
    const data = (await response.json()) as { data?: unknown };
    return (data.data !== undefined ? data.data : data) as T;
  }

  private static query(params: Params): string {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) q.append(key, value.toString());
    const text = q.toString();
    return text ? `?${text}` : '';
  }

  getProjects(): Promise<{ id: string; name: string }[]> {
    return this.fetch('/projects');
  }

  createProject(data: { name: string }): Promise<{ id: string; apiKey: string }> {
    return this.fetch('/projects', { method: 'POST', body: JSON.stringify(data) });
  }

  getInsights(params: {
    projectId?: string;
    startDate?: string;
    endDate?: string;
  }): Promise<DashboardInsights | { jobId: string; status: string; cached: boolean; estimatedTime: number }> {
    return this.fetch(`/insights${DashboardClient.query(params)}`);
  }

  generateInsights(params: { projectId?: string; startDate?: string; endDate?: string }): Promise<DashboardInsights> {
    return this.fetch(`/insights/generate${DashboardClient.query(params)}`, { method: 'POST' });
  }

  createInsightsJob(params: {
    projectId?: string;
    startDate?: string;
    endDate?: string;
  }): Promise<{ jobId: string; status: string; cached?: boolean; estimatedTime?: number }> {
    return this.fetch(`/insights/jobs${DashboardClient.query(params)}`, { method: 'POST' });
  }

  getInsightsJobStatus(jobId: string): Promise<DashboardJobStatus> {
    return this.fetch(`/insights/jobs/${jobId}`);
  }

  cancelInsightsJob(jobId: string): Promise<void> {
    return this.fetch(`/insights/jobs/${jobId}`, { method: 'DELETE' });
  }
}

/**
 * The dashboard's job hook: polls every `intervalMs` until the job is final, or until the
 * service says `not_found`, when the hook forgets the job id it keeps in localStorage.
 */
export async function pollLikeTheDashboard(
  client: DashboardClient,
  jobId: string,
  intervalMs = 2_000,
  maxPolls = 60,
): Promise<{ final: DashboardJobStatus; polls: DashboardJobStatus[] }> {
  const polls: DashboardJobStatus[] = [];
  for (let i = 0; i < maxPolls; i++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const status = await client.getInsightsJobStatus(jobId);
    polls.push(status);
    if (['completed', 'failed', 'cancelled', 'not_found'].includes(status.status)) return { final: status, polls };
  }
  throw new Error(`job ${jobId} was not final after ${maxPolls} polls: ${JSON.stringify(polls.at(-1))}`);
}
