/**
 * `vite-node packages/engine/src/tests/normalize-cli.ts RAW_FILE EXIT_CODE [CASE_DIR]`
 * prints the normalized trace of RAW_FILE followed by `EXIT <code>` (the format of expected/<case>.txt).
 * Used by packages/engine/test/record.sh.
 */
import { readFileSync } from 'node:fs';
import { formatCaseResult } from './trace.js';

const [rawFile, code, caseDir] = process.argv.slice(2);
if (!rawFile || code === undefined) {
  process.stderr.write('usage: normalize-cli.ts RAW_FILE EXIT_CODE [CASE_DIR]\n');
  process.exit(2);
}
process.stdout.write(formatCaseResult(readFileSync(rawFile, 'utf8'), code, { caseDir }));
