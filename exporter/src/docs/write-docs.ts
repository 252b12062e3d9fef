import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, SQL_DIR, generatedFiles } from './generated';

if (require.main === module) {
  const files = generatedFiles();
  // a query that no longer exists leaves no golden file behind
  for (const name of readdirSync(join(REPO_ROOT, SQL_DIR)))
    if (!files.has(`${SQL_DIR}/${name}`)) rmSync(join(REPO_ROOT, SQL_DIR, name));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(REPO_ROOT, path)), { recursive: true });
    writeFileSync(join(REPO_ROOT, path), content);
    process.stdout.write(`wrote ${path}\n`);
  }
}
