import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsReference } from './reference';

export const REFERENCE_PATH = join(__dirname, '..', '..', '..', 'docs', 'metrics-reference.md');

if (require.main === module) {
  writeFileSync(REFERENCE_PATH, metricsReference());
  process.stdout.write(`wrote ${REFERENCE_PATH}\n`);
}
