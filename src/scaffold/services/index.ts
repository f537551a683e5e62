import type { BuildProfile, FileTree } from '../../translate/api.js';
import type { ClassDecl, IrModule } from '../../translate/ir.js';
import type { ServicePlan } from '../plan.js';
import { renderGoService } from './go.js';
import { isStatefulClass, resolveHolds, type ResolvedHold } from './holds.js';
import { renderRustService } from './rust.js';

export interface ServiceTreeInput {
  service: ServicePlan;
  /** The IR of the service's module (from evolveUnit). */
  module: IrModule;
  /** The translated library with its golden vectors (from evolveUnit). */
  library: FileTree;
  profile: BuildProfile;
}

/** `services/<name>/…` for one planned service, from its language's templates. */
export function renderServiceTree(input: ServiceTreeInput): Map<string, string> {
  const holds = serviceHolds(input.service, input.module);
  const common = { name: input.service.name, port: input.service.port, module: input.module, units: input.service.units, library: input.library, profile: input.profile, holds };
  return input.service.language === 'rust' ? renderRustService(common) : renderGoService(common);
}

/** The class a planned service serves, when it serves one. */
export const serviceClass = (service: ServicePlan, module: IrModule): ClassDecl | undefined => module.classes.find((c) => service.units.includes(c.name));

/** The holds of a service's class: declared in the plan (checked) or inferred; none for a stateless one. */
export function serviceHolds(service: ServicePlan, module: IrModule): ResolvedHold[] {
  const cls = serviceClass(service, module);
  if (!cls || !isStatefulClass(cls)) return [];
  return resolveHolds(module, cls, service.holds, `the plan's service ${service.name}`);
}
