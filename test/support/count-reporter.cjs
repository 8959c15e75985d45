// Mocha reporter: the usual "spec" output, plus a JSON file with the counts
// so test/run-all.mjs can add every suite into one "N passed, N failed" line.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, skipped: 0 };
    runner.on('pass', () => {
      counts.passed++;
    });
    runner.on('fail', () => {
      counts.failed++;
    });
    runner.on('pending', () => {
      counts.skipped++;
    });
    runner.once('end', () => {
      const file = process.env.SPEC_HANDOFF_COUNTS_FILE;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(counts));
    });
  }
}
module.exports = CountReporter;
