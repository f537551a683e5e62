/**
 * .github/workflows/ci.yml for the generated tree: one job per service that builds and tests
 * it with its own toolchain, then a smoke job that runs the whole system with `pivot up`.
 */
import type { ServiceModel, SystemModel } from './model.js';

export interface WorkflowStep {
  name: string;
  uses?: string;
  with?: Record<string, string | boolean>;
  run?: string;
  if?: string;
  'working-directory'?: string;
}

export interface WorkflowJob {
  name: string;
  'runs-on': string;
  needs?: string[];
  'timeout-minutes': number;
  defaults?: { run: { 'working-directory': string } };
  steps: WorkflowStep[];
}

export interface Workflow {
  name: string;
  on: { push: { branches: string[] }; pull_request: Record<string, never> };
  permissions: { contents: 'read' };
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, WorkflowJob>;
}

const CHECKOUT: WorkflowStep = { name: 'Check out', uses: 'actions/checkout@v4' };
const GO_VERSION = '1.22';
const NODE_VERSION = '20';

export const buildJobId = (service: ServiceModel): string => `build-${service.name}`;

const rustToolchain = (components?: string): WorkflowStep => ({
  name: 'Set up Rust',
  uses: 'dtolnay/rust-toolchain@stable',
  ...(components ? { with: { components } } : {}),
});
const rustCache = (workspaces: string): WorkflowStep => ({
  name: 'Cache cargo',
  uses: 'Swatinem/rust-cache@v2',
  with: { workspaces },
});
const setupGo = (dependencyPath: string): WorkflowStep => ({
  name: 'Set up Go',
  uses: 'actions/setup-go@v5',
  with: { 'go-version': GO_VERSION, cache: true, 'cache-dependency-path': dependencyPath },
});
const setupNode = (dependencyPath: string): WorkflowStep => ({
  name: 'Set up Node',
  uses: 'actions/setup-node@v4',
  with: { 'node-version': NODE_VERSION, cache: 'npm', 'cache-dependency-path': dependencyPath },
});

function toolchainSteps(service: ServiceModel): WorkflowStep[] {
  switch (service.language) {
    case 'rust':
      return [
        rustToolchain('clippy'),
        rustCache(service.dir),
        { name: 'Lint', run: 'cargo clippy --all-targets -- -D warnings' },
        { name: 'Test', run: 'cargo test' },
        { name: 'Build (release)', run: 'cargo build --release' },
      ];
    case 'go':
      return [
        setupGo(`${service.dir}/go.mod`),
        { name: 'Vet', run: 'go vet ./...' },
        { name: 'Test', run: 'go test -race ./...' },
        { name: 'Build', run: 'CGO_ENABLED=0 go build ./...' },
      ];
    case 'typescript':
      return [
        setupNode(`${service.dir}/package-lock.json`),
        { name: 'Install', run: 'npm ci' },
        { name: 'Build', run: 'npm run build' },
        { name: 'Test', run: 'npm test' },
      ];
  }
}

function buildJob(service: ServiceModel): WorkflowJob {
  return {
    name: `${service.name} (${service.language})`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 20,
    defaults: { run: { 'working-directory': service.dir } },
    steps: [CHECKOUT, ...toolchainSteps(service)],
  };
}

function smokeJob(system: SystemModel): WorkflowJob {
  const languages = new Set(system.services.map((s) => s.language));
  const dirsOf = (language: string) => system.services.filter((s) => s.language === language).map((s) => s.dir);
  const steps: WorkflowStep[] = [CHECKOUT, setupNode('package-lock.json')];
  if (languages.has('rust')) steps.push(rustToolchain(), rustCache(dirsOf('rust').join('\n')));
  if (languages.has('go')) steps.push(setupGo(dirsOf('go').map((dir) => `${dir}/go.mod`).join('\n')));
  if (system.redis) steps.push({ name: 'Install Redis', run: 'sudo apt-get update && sudo apt-get install -y redis-server' });
  const waits = system.services.map(
    (s) => `curl -fsS --retry 60 --retry-delay 1 --retry-all-errors http://127.0.0.1:${s.port}${s.healthPath}`,
  );
  steps.push(
    // pivot is a devDependency of the tree's root package.json; --no-install never fetches another package.
    { name: 'Install pivot', run: 'npm ci' },
    { name: 'Build every service', run: 'npx --no-install pivot build' },
    { name: 'Start the system', run: 'npx --no-install pivot up > pivot-up.log 2>&1 &' },
    { name: 'Wait until healthy', run: waits.join('\n') },
    { name: 'Smoke test', run: 'npx --no-install pivot smoke' },
    { name: 'Show the logs', if: 'failure()', run: 'cat pivot-up.log' },
  );
  return {
    name: 'smoke (whole system)',
    'runs-on': 'ubuntu-latest',
    needs: system.services.map(buildJobId),
    'timeout-minutes': 30,
    steps,
  };
}

export function buildWorkflow(system: SystemModel): Workflow {
  const jobs: Record<string, WorkflowJob> = {};
  for (const service of system.services) jobs[buildJobId(service)] = buildJob(service);
  jobs.smoke = smokeJob(system);
  return {
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: {} },
    permissions: { contents: 'read' },
    concurrency: { group: 'ci-${{ github.ref }}', 'cancel-in-progress': true },
    jobs,
  };
}
