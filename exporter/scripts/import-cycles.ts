/**
 * Import cycles in src/, between files and between the modules (folders) of src/, as JSON on stdout.
 * Type-only imports count: a cycle of types is still two modules that cannot be read apart.
 * A script rather than a jest module because dpdm loads an ES-module dependency jest cannot require.
 */
import { parseCircular, parseDependencyTree, type Dependency, type DependencyTree } from 'dpdm';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const moduleOf = (file: string) => relative('src', file).split(sep)[0] as string;

/** The file graph collapsed to modules: an import between two folders is an edge between them. */
function moduleTree(files: DependencyTree): DependencyTree {
  const edges = new Map<string, Dependency[]>();
  for (const [file, dependencies] of Object.entries(files)) {
    if (!file.startsWith(`src${sep}`)) continue;
    const from = moduleOf(file);
    const out = edges.get(from) ?? [];
    edges.set(from, out);
    for (const d of dependencies ?? []) {
      const to = d.id?.startsWith(`src${sep}`) ? moduleOf(d.id) : undefined;
      if (to && to !== from && !out.some((e) => e.id === to)) out.push({ ...d, issuer: from, id: to });
    }
  }
  return Object.fromEntries(edges);
}

async function main() {
  const files = await parseDependencyTree('src/**/*.ts', {
    context: ROOT,
    transform: false,
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  const modules = moduleTree(files);
  const report = {
    files: Object.keys(files).length,
    modules: Object.keys(modules).sort(),
    fileCycles: parseCircular(files),
    moduleCycles: parseCircular(modules),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main();
