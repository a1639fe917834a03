#!/usr/bin/env node
// `pnpm lint`: fails when an import breaks the dependency direction (see boundaries.mjs).
import { fileURLToPath } from 'node:url';
import { findViolations } from './boundaries.mjs';

const problems = findViolations(fileURLToPath(new URL('..', import.meta.url)));
if (problems.length > 0) {
  console.error(`Dependency boundary violations (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency boundaries: ok');
