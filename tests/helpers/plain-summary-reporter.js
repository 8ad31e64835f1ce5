/**
 * Prints the plain closing line `N passed, N failed` (Jest's own summary is not read by CI), and
 * writes the counts to the file named by HUB_TEST_COUNTS, when set, for scripts/test.sh to add up.
 */
const fs = require('node:fs');

class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
    process.stdout.write(`\njest: ${line}\n`);
    if (process.env.HUB_TEST_COUNTS)
      fs.writeFileSync(process.env.HUB_TEST_COUNTS, JSON.stringify({ passed, failed, skipped }));
  }
}

module.exports = PlainSummaryReporter;
