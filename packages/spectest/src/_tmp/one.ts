import { runFile } from '../runFile.ts';
const r = runFile(process.argv[2], 'lantern');
console.log(r.passed, r.failed, r.skipped, r.failures.slice(0, 3));
