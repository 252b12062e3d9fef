import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { absolute, generatedFiles, type GeneratedFile } from './outputs';

function committed(file: GeneratedFile): string | undefined {
  try {
    return readFileSync(absolute(file), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Writes every file derived from slo/targets.yml; with `--check`, writes nothing and exits 1 listing
 * the files whose committed content differs from what the generator makes now.
 */
async function main(check: boolean): Promise<void> {
  const files = await generatedFiles();
  if (check) {
    const stale = files.filter((f) => committed(f) !== f.content);
    for (const f of files) console.log(`${stale.includes(f) ? 'STALE' : 'fresh'} provisioning/${f.path}`);
    if (stale.length > 0) {
      console.error('run `npm run generate -w provisioning` and commit the result');
      process.exitCode = 1;
    }
    return;
  }
  for (const file of files) {
    mkdirSync(dirname(absolute(file)), { recursive: true });
    writeFileSync(absolute(file), file.content);
    console.log(`wrote provisioning/${file.path}`);
  }
}

main(process.argv.includes('--check')).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
