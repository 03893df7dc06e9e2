import { getPath, type AppConfig } from './app-config.js';
import { SECTIONS, type Variable } from './declare.js';
import { modelFacts } from './models.js';
import { VARIABLES } from './variables.js';

/** A secret as `pnpm config:print` shows it: whether it is set, and for a long one its last four characters. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `****${value.slice(-4)}` : 'set';
}

/** Scalars as the environment spells them; anything structured (a trust-proxy function aside) as JSON. */
const text = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value as string | number | boolean));

function show(variable: Variable, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (variable.secret) return maskSecret(text(value));
  if (variable.print) return variable.print(value);
  if (Array.isArray(value)) return value.map(text).join(',');
  return text(value);
}

/**
 * The effective configuration, by section, one `NAME=value  # path` line per variable: what the
 * process starts with after the environment, the defaults and the model table. Secrets masked.
 */
export function renderEffectiveConfig(config: AppConfig): string {
  const out: string[] = [];
  const model = modelFacts(config.glm.model);
  for (const section of SECTIONS) {
    out.push(`# --- ${section.title}`);
    if (section.id === 'model')
      out.push(`# ${config.glm.model}: ${model.known ? 'from the model table' : 'not in the model table'}; provider ${config.insights.provider}`);
    for (const variable of (VARIABLES as readonly Variable[]).filter((v) => v.section === section.id)) {
      out.push(`${variable.name}=${show(variable, getPath(config, variable.path))}  # ${variable.path}`);
    }
    out.push('');
  }
  return out.join('\n');
}
