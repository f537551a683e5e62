/**
 * The Grafana dashboard (request rate, latency percentiles, 5xx share per service) and the
 * provisioning files that load it and the Prometheus datasource at start-up.
 */
import { GENERATED_HEADER, type ServiceModel, type SystemModel } from './model.js';

/** The metrics every service exposes on its metrics path (see docs/deploy.md). */
export const METRICS = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
} as const;

export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

export interface PanelTarget {
  refId: string;
  expr: string;
  legendFormat: string;
  datasource: typeof DATASOURCE;
}

export interface Panel {
  id: number;
  type: 'row' | 'timeseries';
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: typeof DATASOURCE;
  targets?: PanelTarget[];
  fieldConfig?: { defaults: { unit: string; min?: number; max?: number }; overrides: never[] };
  collapsed?: boolean;
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: 'browser';
  schemaVersion: number;
  version: number;
  editable: boolean;
  refresh: string;
  time: { from: string; to: string };
  panels: Panel[];
}

const WINDOW = '1m';

export function servicePanelQueries(service: ServiceModel): Record<'rate' | 'latency' | 'errors', PanelTarget[]> {
  const job = `job="${service.name}"`;
  const target = (refId: string, expr: string, legendFormat: string): PanelTarget => ({
    refId,
    expr,
    legendFormat,
    datasource: DATASOURCE,
  });
  const quantile = (q: number, refId: string) =>
    target(
      refId,
      `histogram_quantile(${q}, sum by (le) (rate(${METRICS.duration}_bucket{${job}}[${WINDOW}])))`,
      `p${Math.round(q * 100)}`,
    );
  const all = `sum(rate(${METRICS.requests}{${job}}[${WINDOW}]))`;
  return {
    rate: [target('A', `sum by (route) (rate(${METRICS.requests}{${job}}[${WINDOW}]))`, '{{route}}')],
    latency: [quantile(0.5, 'A'), quantile(0.95, 'B'), quantile(0.99, 'C')],
    errors: [target('A', `sum(rate(${METRICS.requests}{${job},status=~"5.."}[${WINDOW}])) / ${all}`, '5xx share')],
  };
}

export function buildDashboard(system: SystemModel): Dashboard {
  const panels: Panel[] = [];
  let id = 1;
  let y = 0;
  for (const service of system.services) {
    panels.push({ id: id++, type: 'row', title: `${service.name} (${service.language})`, gridPos: { x: 0, y, w: 24, h: 1 }, collapsed: false });
    y += 1;
    const queries = servicePanelQueries(service);
    const charts: [string, PanelTarget[], Panel['fieldConfig']][] = [
      [`${service.name} — request rate`, queries.rate, { defaults: { unit: 'reqps' }, overrides: [] }],
      [`${service.name} — latency p50/p95/p99`, queries.latency, { defaults: { unit: 's' }, overrides: [] }],
      [`${service.name} — error rate (5xx share)`, queries.errors, { defaults: { unit: 'percentunit', min: 0, max: 1 }, overrides: [] }],
    ];
    charts.forEach(([title, targets, fieldConfig], column) => {
      panels.push({ id: id++, type: 'timeseries', title, gridPos: { x: column * 8, y, w: 8, h: 8 }, datasource: DATASOURCE, targets, fieldConfig });
    });
    y += 8;
  }
  return {
    uid: `${system.name}-overview`.slice(0, 40),
    title: `${system.name} — services`,
    description: GENERATED_HEADER,
    tags: ['pivot', system.name],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '5s',
    time: { from: 'now-15m', to: 'now' },
    panels,
  };
}

export function buildDatasourceProvisioning(): object {
  return {
    apiVersion: 1,
    datasources: [
      { name: 'Prometheus', type: 'prometheus', uid: DATASOURCE.uid, access: 'proxy', url: 'http://prometheus:9090', isDefault: true, editable: false },
    ],
  };
}

export function buildDashboardProvisioning(system: SystemModel): object {
  return {
    apiVersion: 1,
    providers: [
      {
        name: system.name,
        folder: system.name,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: '/var/lib/grafana/dashboards' },
      },
    ],
  };
}
