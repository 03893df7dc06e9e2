import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MetricsService } from '../../apps/api/src/metrics/metrics.service.js';
import { WorkerMetrics } from '../../apps/worker/src/metrics/worker-metrics.service.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const ALERTS = 'ops/prometheus/alerts.yml';
const DASHBOARD = 'ops/grafana/insights-dashboard.json';

function promtool(...args: string[]) {
  const run = spawnSync(process.env.PROMTOOL_PATH ?? 'promtool', args, { cwd: new URL('../../ops/prometheus/', import.meta.url), encoding: 'utf8' });
  if (run.error) throw new Error(`promtool could not run (${run.error.message}): apt-get install prometheus, or set PROMTOOL_PATH`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Every metric the two processes register, from their real registries. */
function exportedMetrics(): Set<string> {
  const api = new MetricsService({ counts: async () => ({}), oldestWaitingAt: async () => null } as unknown as ConstructorParameters<typeof MetricsService>[0]);
  const worker = new WorkerMetrics(
    { onCall: () => () => undefined } as unknown as ConstructorParameters<typeof WorkerMetrics>[0],
    { onStatus: () => () => undefined } as unknown as ConstructorParameters<typeof WorkerMetrics>[1],
    { statements: () => 0 } as unknown as ConstructorParameters<typeof WorkerMetrics>[2],
  );
  return new Set([...api.registry.getMetricsAsArray(), ...worker.registry.getMetricsAsArray()].map((metric) => metric.name));
}

/** Metric names used in PromQL, with histogram series mapped back to their histogram. */
function referencedMetrics(promql: string): string[] {
  const names = promql.match(/\b(?:insights|http_request)_[a-z_]+\b/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/_(bucket|count|sum)$/, '')))];
}

describe('alerts and dashboard', () => {
  it('pass promtool: the rules load and every alert unit test holds', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check).toMatchObject({ status: 0 });
    const test = promtool('test', 'rules', 'alerts.test.yml');
    expect(test.output).toContain('SUCCESS');
    expect(test.status).toBe(0);
  });

  it('test every alert, firing and quiet', () => {
    const alerts = [...read(ALERTS).matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tests = read('ops/prometheus/alerts.test.yml');
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    for (const alert of alerts) {
      const blocks = tests.split('alertname: ').filter((block) => block.startsWith(`${alert}\n`));
      expect({ alert, firing: blocks.some((b) => /exp_alerts:\n\s+- exp_labels/.test(b)) }).toEqual({ alert, firing: true });
      expect({ alert, quiet: blocks.some((b) => /exp_alerts: \[\]/.test(b)) }).toEqual({ alert, quiet: true });
    }
  });

  it('use only metrics the API and the worker export', () => {
    const exported = exportedMetrics();
    const dashboard = JSON.parse(read(DASHBOARD)) as { panels: { targets: { expr: string }[] }[] };
    const used = [read(ALERTS), ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))].flatMap(referencedMetrics);
    expect(used.length).toBeGreaterThan(8);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
