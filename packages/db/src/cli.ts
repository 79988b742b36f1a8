#!/usr/bin/env node
// `node packages/db/dist/cli.js [--status]` (npm run migrate -w @drover/db): drover migrate, standalone.
import { runMigrateCommand } from './migrate-command.js';

process.exitCode = await runMigrateCommand(process.argv.slice(2));
