/**
 * The deploy part of a generated tree, from the neutral system model: compose, Kubernetes,
 * Prometheus, Grafana, the CI workflow and a Dockerfile per service. Pure apart from reading
 * the bundled Dockerfile templates.
 */
import { MONITORING_PATHS, buildCompose } from './compose.js';
import { renderDockerfiles } from './dockerfiles.js';
import { buildWorkflow } from './github-actions.js';
import { buildDashboard, buildDashboardProvisioning, buildDatasourceProvisioning } from './grafana.js';
import { buildK8s } from './k8s.js';
import { assertValidSystem, type SystemModel } from './model.js';
import { buildPrometheusConfig } from './prometheus.js';
import { toJson, toYaml, toYamlStream } from './serialize.js';

export const DEPLOY_PATHS = {
  compose: 'docker-compose.yml',
  workflow: '.github/workflows/ci.yml',
  prometheus: MONITORING_PATHS.prometheusConfig,
  grafanaDatasource: `${MONITORING_PATHS.grafanaProvisioning}/datasources/prometheus.yml`,
  grafanaDashboardProvider: `${MONITORING_PATHS.grafanaProvisioning}/dashboards/pivot.yml`,
  grafanaDashboard: (system: SystemModel): string => `${MONITORING_PATHS.grafanaDashboards}/${system.name}.json`,
} as const;

/** Relative path → contents, sorted by path; throws a UserError when the model is unsound. */
export function renderDeployTree(system: SystemModel): Map<string, string> {
  assertValidSystem(system);
  const files = new Map<string, string>();
  files.set(DEPLOY_PATHS.compose, toYaml(buildCompose(system)));
  for (const [path, objects] of buildK8s(system)) files.set(path, toYamlStream(objects.map((o) => o.toJSON())));
  files.set(DEPLOY_PATHS.prometheus, toYaml(buildPrometheusConfig(system)));
  files.set(DEPLOY_PATHS.grafanaDatasource, toYaml(buildDatasourceProvisioning()));
  files.set(DEPLOY_PATHS.grafanaDashboardProvider, toYaml(buildDashboardProvisioning(system)));
  files.set(DEPLOY_PATHS.grafanaDashboard(system), toJson(buildDashboard(system)));
  files.set(DEPLOY_PATHS.workflow, toYaml(buildWorkflow(system)));
  for (const service of system.services) {
    for (const [path, text] of renderDockerfiles(service)) files.set(path, text);
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

export * from './model.js';
export { validateCompose, validateK8s, validateDockerfile, formatProblem, type DeployProblem } from './validate.js';
