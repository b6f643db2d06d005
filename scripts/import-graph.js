#!/usr/bin/env node
// `npm run lint` step, two rules ESLint cannot state: no import cycle among
// the library's modules, type-only imports included (import-x/no-cycle skips
// those); and the control rulebook (src/control) loads no Temporal SDK module,
// not even through the modules it imports. Prints each breach; exits 1 if any.
'use strict';
const { readdirSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const LIBRARY = path.join(ROOT, 'src');

/** Every TypeScript file under `dir`. */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** Whether an import or export declaration brings only types (erased from the JavaScript). */
function typeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
      !clause.name &&
      !!bindings &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly)
    );
  }
  return (
    node.isTypeOnly ||
    (!!node.exportClause &&
      ts.isNamedExports(node.exportClause) &&
      node.exportClause.elements.length > 0 &&
      node.exportClause.elements.every((element) => element.isTypeOnly))
  );
}

/** What `file` imports and re-exports: each module specifier, and whether only types come from it. */
function importsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements
    .filter((node) => (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
    .map((node) => ({ specifier: node.moduleSpecifier.text, typeOnly: typeOnly(node) }));
}

/** The library file `specifier` names from `file`, or `undefined` for a package. */
function resolveLibrary(specifier, file, options) {
  const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
  if (!resolved || resolved.isExternalLibraryImport) return undefined;
  const target = path.resolve(resolved.resolvedFileName);
  return target.startsWith(LIBRARY + path.sep) ? target : undefined;
}

/** The strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The `@temporalio` modules that loading `file` loads, each with the library file that imports it. */
function sdkModulesLoaded(file, imports, options) {
  const seen = new Set();
  const found = [];
  const walk = (current) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const { specifier, typeOnly: erased } of imports.get(current) ?? []) {
      if (erased) continue;
      if (specifier.startsWith('@temporalio/'))
        found.push(`${specifier} (from ${path.relative(ROOT, current)})`);
      const target = resolveLibrary(specifier, current, options);
      if (target) walk(target);
    }
  };
  walk(file);
  return found;
}

const options = { moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: false };
const files = sources(LIBRARY);
const imports = new Map(files.map((file) => [file, importsOf(file)]));
const graph = new Map(
  files.map((file) => [
    file,
    imports
      .get(file)
      .map(({ specifier }) => resolveLibrary(specifier, file, options))
      .filter(Boolean),
  ]),
);
const problems = cycles(graph).map(
  (component) =>
    `import cycle (type-only imports included): ${component
      .map((file) => path.relative(ROOT, file))
      .sort()
      .join(' <-> ')}`,
);
for (const file of files.filter((file) => file.startsWith(path.join(LIBRARY, 'control') + path.sep))) {
  for (const loaded of sdkModulesLoaded(file, imports, options)) {
    problems.push(`${path.relative(ROOT, file)} loads the Temporal SDK module ${loaded}`);
  }
}
for (const problem of problems) process.stderr.write(`${problem}\n`);
process.exit(problems.length > 0 ? 1 : 0);
