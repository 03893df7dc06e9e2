import { SECTIONS, type Variable } from './declare.js';
import { EMBEDDING_MODELS, GLM_MODELS } from './models.js';
import { LOCAL_TOOL_VARIABLES, VARIABLES } from './variables.js';

const WIDTH = 100;
const variables = VARIABLES as readonly Variable[];

/** A variable's default as the docs show it: its text, or what it is computed from. */
export function defaultText(variable: Variable): string {
  return variable.defaultText ?? variable.default ?? '';
}

function wrap(text: string, prefix: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}

const rule = (title: string) => `# --- ${title} `.padEnd(WIDTH, '-');

/** `.env.example`: every variable by section, with its comment and its default (secrets empty). */
export function renderEnvExample(): string {
  const out = [
    '# Generated from packages/config/src/variables.ts by `pnpm config:docs`: edit the declarations there.',
    '# Copy to .env and adjust. Every variable is optional locally: the defaults below match a',
    '# development machine with Postgres and Redis on their standard ports (see docker-compose.yml).',
    '# An empty value means unset: the default named in its comment applies.',
  ];
  for (const section of SECTIONS) {
    out.push('', rule(section.title));
    for (const variable of variables.filter((v) => v.section === section.id)) {
      const computed = variable.default === undefined && variable.defaultText ? ` Default: ${variable.defaultText}.` : '';
      out.push(...wrap(variable.doc + computed, '# '));
      out.push(`${variable.name}=${variable.secret ? '' : (variable.default ?? '')}`);
    }
  }
  out.push('', rule('Local tools (not read by the API or the worker; uncomment to change)'));
  for (const tool of LOCAL_TOOL_VARIABLES) out.push(...wrap(tool.doc, '# '), `# ${tool.name}=${tool.example}`);
  return `${out.join('\n')}\n`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string) => (text ? `\`${text}\`` : '');

/** docs/configuration.md: the start-up rules, then one table per section. */
export function renderConfigurationDoc(): string {
  const out = [
    '# Configuration',
    '',
    '<!-- Generated from packages/config/src/variables.ts by `pnpm config:docs`: edit the declarations there. -->',
    '',
    'Every variable is listed here and, with a comment, in [`.env.example`](../.env.example); copy',
    'that file to `.env` to override defaults. Configuration is validated once at start-up; a bad',
    'value stops the process with one line per problem, for example:',
    '',
    '```',
    'Invalid configuration:',
    '  - PORT: must be a number',
    '  - DATABASE_URL: must start with postgres:// or postgresql://',
    '```',
    '',
    'Locally no variable is required. Without `CLERK_JWT_KEY` (outside production) a local RSA key',
    'pair is generated in `.local/` on first use and trusted, and `pnpm run token` signs tokens with',
    "it; they are verified by `@clerk/backend`'s `verifyToken` exactly as production verifies",
    "Clerk's. In production set `CLERK_JWT_KEY` to the Clerk instance's PEM public key and",
    "`CLERK_AUTHORIZED_PARTIES` to the dashboard's origin(s): the API refuses to start without them,",
    'and with Swagger UI open to anyone unless `SWAGGER_PUBLIC=true` says so (set',
    '`SWAGGER_USER`/`SWAGGER_PASSWORD` or `SWAGGER_ENABLED=false` instead; [deployment](deployment.md)).',
    '',
    '`pnpm config:print` shows the configuration a process would start with (environment, `.env`,',
    'defaults and the model table), each variable with its path in the typed configuration, secrets',
    'masked; it fails with the same lines as the apps on a bad value.',
  ];
  for (const section of SECTIONS) {
    out.push('', `## ${section.title}`, '', section.intro, '', '| Variable | Default | Meaning |', '| --- | --- | --- |');
    for (const variable of variables.filter((v) => v.section === section.id)) {
      const fallback = variable.default === undefined ? cell(variable.defaultText ?? '') || 'unset' : code(variable.default) || 'empty';
      out.push(`| \`${variable.name}\` | ${fallback} | ${cell(variable.doc)}${variable.secret ? ' (secret)' : ''} |`);
    }
  }
  out.push(
    '',
    '## Model table',
    '',
    'What the service knows of each GLM model by its `GLM_MODEL` name (packages/config/src/models.ts).',
    '`GLM_CONTEXT_TOKENS`, `GLM_MAX_OUTPUT_TOKENS`, `GLM_CONCURRENCY` and the `GLM_PRICE_*` variables',
    'override it. Prices are US dollars per million tokens, as Z.ai published them in October 2025.',
    '',
    '| Model | Context window | Output limit | Concurrency | Input | Cached input | Output |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [name, facts] of Object.entries(GLM_MODELS)) {
    const { inputPerMTok, cachedInputPerMTok, outputPerMTok } = facts.prices;
    out.push(
      `| \`${name}\` | ${facts.contextTokens} | ${facts.maxOutputTokens} | ${facts.concurrency} | ${inputPerMTok} | ${cachedInputPerMTok} | ${outputPerMTok} |`,
    );
  }
  out.push(
    '',
    'Embedding models bill their input alone; `GLM_EMBEDDING_PRICE_PER_MTOK` overrides the price.',
    'Each ledger row is priced by the model it names, when it is written (docs/generation.md, Cost).',
    '',
    '| Embedding model | Input |',
    '| --- | --- |',
  );
  for (const [name, prices] of Object.entries(EMBEDDING_MODELS)) out.push(`| \`${name}\` | ${prices.inputPerMTok} |`);
  out.push(
    '',
    '## Local tools',
    '',
    'Read by the local tools and the test run, never by the API or the worker.',
    '',
    '| Variable | Example | Meaning |',
    '| --- | --- | --- |',
  );
  for (const tool of LOCAL_TOOL_VARIABLES) out.push(`| \`${tool.name}\` | ${code(tool.example)} | ${cell(tool.doc)} |`);
  return `${out.join('\n')}\n`;
}
