/**
 * Every server module of the web app is marked `import 'server-only'`, so that a client bundle reaching one
 * fails to build. Plans run in the planner's own worker process (packages/planner/src/worker/plan-worker.ts),
 * outside Next, where `server-only` throws on import: the packages' sources never import it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/web-test-context.ts';

const serverDir = join(repoRoot, 'apps', 'web', 'src', 'server');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
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

const marks = (file: string) => runtimeImports(file).includes('server-only');

describe('server-only markers', () => {
  it('marks every server module of the web app', () => {
    const modules = tsFiles(serverDir);
    expect(modules.length).toBeGreaterThan(40);
    expect(modules.filter((f) => !marks(f)).map((f) => relative(serverDir, f))).toEqual([]);
  });

  it('never marks the packages, which the plan worker runs outside Next', () => {
    const sources = readdirSync(join(repoRoot, 'packages')).flatMap((p) => tsFiles(join(repoRoot, 'packages', p, 'src')));
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.filter(marks).map((f) => relative(repoRoot, f))).toEqual([]);
  });
});
