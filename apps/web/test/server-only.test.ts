/**
 * Every server module of the web app is marked `import 'server-only'` (a client bundle that reaches one fails
 * to build), except the planner bridge and what it loads at run time: plan-jobs-planner.ts and
 * plan-jobs-worker-main.ts run outside Next (through tsx, in the plan worker process), where `server-only`
 * throws on import. The bridge's closure is computed here from the modules' run-time imports.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/web-test-context.ts';

const serverDir = join(repoRoot, 'apps', 'web', 'src', 'server');
const BRIDGE_ENTRIES = ['services/plan-jobs-planner.ts', 'services/plan-jobs-worker-main.ts'];
/**
 * Server modules of the plan service's rewrite (issue 14, item 4), marked in a follow-up once it lands;
 * listed so that any other module without the marker fails this test.
 */
const PENDING = new Set([
  'services/job-runner.ts', 'services/plan-jobs-bridge.ts', 'services/plan-jobs-events.ts', 'services/plan-jobs-progress.ts',
  'services/plan-jobs-run.ts', 'services/plan-jobs-runner.ts', 'services/plan-jobs-view.ts', 'services/plan-jobs-worker.ts',
  'services/plan-jobs.ts', 'services/plan-protocols.ts',
]);

function serverModules(dir = serverDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return serverModules(path);
    return e.name.endsWith('.ts') ? [relative(serverDir, path)] : [];
  });
}

/** Module specifiers a file loads at run time (static imports and re-exports that are not type-only, dynamic imports of literals). */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const typeOnly = clause !== undefined && (clause.phaseModifier === ts.SyntaxKind.TypeKeyword || (clause.name === undefined && clause.namedBindings !== undefined
        && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      out.push(st.moduleSpecifier.text);
    }
  }
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = n.arguments;
      if (arg && ts.isStringLiteral(arg)) out.push(arg.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function bridgeClosure(): Set<string> {
  const seen = new Set<string>();
  const walk = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const file = join(serverDir, rel);
    for (const s of runtimeImports(file)) if (s.startsWith('.')) walk(relative(serverDir, resolve(dirname(file), s)));
  };
  for (const entry of BRIDGE_ENTRIES) walk(entry);
  return seen;
}

const marks = (rel: string) => runtimeImports(join(serverDir, rel)).includes('server-only');

describe('server-only markers', () => {
  const modules = serverModules();
  const closure = bridgeClosure();

  it('finds the bridge closure inside the server folder', () => {
    expect(modules.length).toBeGreaterThan(40);
    for (const entry of BRIDGE_ENTRIES) expect(closure.has(entry)).toBe(true);
    for (const rel of closure) expect(modules).toContain(rel);
  });

  it('never marks the planner bridge or anything it loads at run time (they run outside Next)', () => {
    expect([...closure].filter(marks)).toEqual([]);
  });

  it('marks every other server module', () => {
    const unmarked = modules.filter((rel) => !closure.has(rel) && !PENDING.has(rel) && !marks(rel));
    expect(unmarked).toEqual([]);
  });
});
