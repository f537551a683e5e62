import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dashboard } from '../../../src/scaffold/deploy/grafana.js';
import { renderDeployTree } from '../../../src/scaffold/deploy/index.js';
import type { PrometheusConfig } from '../../../src/scaffold/deploy/prometheus.js';
import { exampleSystem } from './example-system.js';

const system = exampleSystem();
const tree = renderDeployTree(system);

describe('monitoring', () => {
  it('scrapes every service by its compose name, and only the services', () => {
    const config = parse(tree.get('deploy/prometheus/prometheus.yml')!) as PrometheusConfig;
    const jobs = config.scrape_configs.map((job) => [job.job_name, job.metrics_path, job.static_configs[0]!.targets]);
    expect(jobs).toEqual([
      ['gateway', '/metrics', ['gateway:8000']],
      ['pricing', '/metrics', ['pricing:8001']],
      ['inventory', '/metrics', ['inventory:8002']],
    ]);
  });

  it('has rate, latency percentiles and 5xx share panels for every service', () => {
    const dashboard = JSON.parse(tree.get('deploy/grafana/dashboards/polyglot-shop.json')!) as Dashboard;
    for (const service of system.services) {
      const panels = dashboard.panels.filter((p) => p.type === 'timeseries' && p.title.startsWith(`${service.name} — `));
      const exprs = panels.map((p) => p.targets!.map((t) => t.expr));
      expect(panels.map((p) => p.title.split(' — ')[1])).toEqual(['request rate', 'latency p50/p95/p99', 'error rate (5xx share)']);
      expect(exprs[0]![0]).toBe(`sum by (route) (rate(http_requests_total{job="${service.name}"}[1m]))`);
      expect(exprs[1]).toEqual(
        [0.5, 0.95, 0.99].map((q) => `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{job="${service.name}"}[1m])))`),
      );
      expect(exprs[2]![0]).toContain(`http_requests_total{job="${service.name}",status=~"5.."}`);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('provisions the datasource the dashboard uses and the folder compose mounts', () => {
    const datasources = parse(tree.get('deploy/grafana/provisioning/datasources/prometheus.yml')!);
    expect(datasources.datasources[0]).toMatchObject({ type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' });
    const providers = parse(tree.get('deploy/grafana/provisioning/dashboards/pivot.yml')!);
    expect(providers.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
    const grafana = parse(tree.get('docker-compose.yml')!).services.grafana;
    expect(grafana.volumes).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });
});
