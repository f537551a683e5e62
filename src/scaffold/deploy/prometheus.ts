/** prometheus.yml: one scrape job per service, reaching it by its compose service name. */
import type { SystemModel } from './model.js';

export interface ScrapeConfig {
  job_name: string;
  metrics_path: string;
  static_configs: { targets: string[]; labels: Record<string, string> }[];
}

export interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string };
  scrape_configs: ScrapeConfig[];
}

export function buildPrometheusConfig(system: SystemModel): PrometheusConfig {
  return {
    global: { scrape_interval: '5s', evaluation_interval: '15s' },
    // The job name is the service name: the dashboard selects each service with {job="<name>"}.
    scrape_configs: system.services.map((service) => ({
      job_name: service.name,
      metrics_path: service.metricsPath,
      static_configs: [
        { targets: [`${service.name}:${service.port}`], labels: { system: system.name, language: service.language } },
      ],
    })),
  };
}
