// `npm run typecheck`: one tsc per process (shared, node, web, tests), two at a time — the CI
// machines have two cores, and one after another they took 50 s. Fails if any of them fails.
import { spawn } from 'node:child_process';

const PROJECTS = ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.test.json'];
const PARALLEL = 2;

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ project, code, output }));
  });
}

const queue = [...PROJECTS];
const results = [];
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) results.push(await check(project));
  }),
);
let failed = false;
for (const { project, code, output } of results.sort((a, b) => PROJECTS.indexOf(a.project) - PROJECTS.indexOf(b.project))) {
  if (code === 0) continue;
  failed = true;
  process.stdout.write(`tsc -p ${project} failed:\n${output}\n`);
}
if (!failed) console.log(`typecheck: ${PROJECTS.join(', ')} clean`);
process.exit(failed ? 1 : 0);
