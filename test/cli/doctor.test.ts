import { describe, expect, it } from 'vitest';
import { doctorVerdict } from '../../src/cli/doctor.js';
import { judgeTool, TOOLS } from '../../src/run/toolchain.js';

const spec = (name: string) => TOOLS.find((t) => t.name === name)!;

describe('doctor', () => {
  it('reads versions out of tool output', () => {
    expect(judgeTool(spec('cargo'), 'cargo 1.95.0 (f2d3ce0bd 2026-03-21)').version).toBe('1.95.0');
    expect(judgeTool(spec('go'), 'go version go1.26.8 linux/amd64').version).toBe('1.26.8');
  });
  it('refuses a Node older than 20', () => {
    const s = judgeTool(spec('node'), 'v18.19.0');
    expect(s.found).toBe(false);
    expect(s.problem).toMatch(/older than 20/);
  });
  it('says what a missing tool disables and how to install it', () => {
    const s = judgeTool(spec('redis-server'), null);
    expect(s.found).toBe(false);
    expect(s.disables).toMatch(/cache/);
    expect(s.install).toMatch(/apt-get install redis-server/);
  });
  it('fails only when a required tool is missing', () => {
    const ok = TOOLS.map((t) => judgeTool(t, `${t.name} 99.0.0`));
    expect(doctorVerdict(ok).ok).toBe(true);
    const noDocker = ok.map((s) => (s.name === 'docker' ? judgeTool(spec('docker'), null) : s));
    expect(doctorVerdict(noDocker).ok).toBe(true);
    const noCargo = ok.map((s) => (s.name === 'cargo' ? judgeTool(spec('cargo'), null) : s));
    expect(doctorVerdict(noCargo)).toEqual({ ok: false, missingRequired: ['cargo'] });
  });
  it('marks a docker client without an engine as limited, not missing', () => {
    const s = judgeTool(spec('docker'), 'Docker version 28.2.2, build e6534b4', 'client only: no Docker engine answers');
    expect(s.found).toBe(true);
    expect(s.problem).toMatch(/no Docker engine/);
  });
});
