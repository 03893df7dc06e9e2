import type { ReactNode } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeedbackStats } from '../stats';

const CHART_STYLE = { width: '100%', height: 220 };
const ACCENT = '#4f46e5';
const SENTIMENT_COLORS = { positive: '#16a34a', neutral: '#94a3b8', negative: '#dc2626', pending: '#e2e8f0' };

function ChartCard({ title, testId, empty, children }: { title: string; testId: string; empty: boolean; children: ReactNode }) {
  return (
    <figure className="card chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {empty ? <p className="chart-empty muted">No data in this selection.</p> : children}
    </figure>
  );
}

const shortDate = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

export function Charts({ stats }: { stats: FeedbackStats }) {
  const ratings = (['1', '2', '3', '4', '5'] as const).map((rating) => ({
    rating: `${rating}★`,
    count: stats.ratingDistribution[rating],
  }));
  const sentiment = (Object.keys(SENTIMENT_COLORS) as (keyof typeof SENTIMENT_COLORS)[])
    .map((name) => ({ name, value: stats.sentimentDistribution[name], fill: SENTIMENT_COLORS[name] }))
    .filter((slice) => slice.value > 0);
  const series = stats.timeSeries.buckets.map((bucket) => ({ ...bucket, label: shortDate(bucket.start) }));

  return (
    <section className="charts" aria-label="Charts">
      <ChartCard title="Rating distribution" testId="chart-rating" empty={ratings.every((r) => r.count === 0)}>
        <BarChart responsive style={CHART_STYLE} data={ratings} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="rating" tickLine={false} />
          <YAxis allowDecimals={false} tickLine={false} />
          <Tooltip cursor={{ fill: 'rgba(79, 70, 229, 0.08)' }} />
          <Bar dataKey="count" name="Feedback" fill={ACCENT} radius={[4, 4, 0, 0]} />
        </BarChart>
      </ChartCard>

      <ChartCard title="Sentiment" testId="chart-sentiment" empty={sentiment.length === 0}>
        <PieChart responsive style={CHART_STYLE}>
          <Pie data={sentiment} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={2} />
          <Tooltip />
          <Legend verticalAlign="bottom" iconType="circle" />
        </PieChart>
      </ChartCard>

      <ChartCard title={`Feedback per ${stats.timeSeries.granularity}`} testId="chart-timeseries" empty={series.length === 0}>
        <AreaChart responsive style={CHART_STYLE} data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tickLine={false} minTickGap={16} />
          <YAxis allowDecimals={false} tickLine={false} />
          <Tooltip />
          <Area type="monotone" dataKey="count" name="Feedback" stroke={ACCENT} fill={ACCENT} fillOpacity={0.15} />
        </AreaChart>
      </ChartCard>
    </section>
  );
}
