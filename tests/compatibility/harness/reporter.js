// Jest reporter of the compatibility run: jest's default per-file output, then the suite's jest
// assertions folded into its own list of cases (TESTS in the package's testRunner, each marked
// required or not), one line per case and a closing "N passed, N failed" line; it also sets the
// exit code. It replaces jest's 'default' reporter, whose summary jest always prints last. jest.config.js sets
// testFailureExitCode to 0 so that this verdict, not jest's, decides: a failing required case
// fails the run; a failing optional case fails it only with COMPAT_FAIL_ON_OPTIONAL=1 (--strict).
//
// A case passes when at least one of its assertions ran and none failed. (The package's own
// runner counts a case with no assertion at all, e.g. a test file that failed to load, as passed.)
'use strict';
const path = require('node:path');
const { DefaultReporter } = require('@jest/reporters');

const suiteDir = path.dirname(
  require.resolve('@apollo/federation-subgraph-compatibility-tests/package.json', { paths: [__dirname] }),
);
const { TESTS } = require(path.join(suiteDir, 'dist', 'testRunner.js'));
const { version } = require(path.join(suiteDir, 'package.json'));

/** The case an assertion belongs to, by the package's rule: its top describe, else its name. */
function caseOf(assertion) {
  return assertion.ancestorTitles.length === 0 ? assertion.fullName : assertion.ancestorTitles[0];
}

class CompatibilityReporter extends DefaultReporter {
  onRunComplete(contexts, results) {
    super.onRunComplete(contexts, results);
    const failOnOptional = process.env.COMPAT_FAIL_ON_OPTIONAL === '1';
    const assertions = results.testResults.flatMap((file) => file.testResults);
    const known = new Set(TESTS.map((test) => test.assertion));

    const rows = TESTS.map((test) => {
      const mine = assertions.filter((assertion) => caseOf(assertion) === test.assertion);
      const failed = mine.filter((assertion) => assertion.status === 'failed').length;
      const passed = mine.length > 0 && failed === 0 && mine.every((assertion) => assertion.status === 'passed');
      const detail = mine.length === 0 ? 'no assertion ran' : `${mine.length - failed}/${mine.length} assertions`;
      return { ...test, passed, detail };
    });
    const strays = [...new Set(assertions.map(caseOf))].filter((name) => !known.has(name));
    const loadFailures = results.testResults.filter((file) => file.testExecError);

    const lines = ['', `Apollo Federation subgraph compatibility (suite ${version})`];
    for (const row of rows) {
      const verdict = row.passed ? 'PASS' : row.required ? 'FAIL' : failOnOptional ? 'FAIL' : 'WARN';
      lines.push(
        `  ${verdict}  fed v${row.fedVersion}  ${row.required ? 'required' : 'optional'}  ${row.column.padEnd(18)} ${row.detail}`,
      );
    }
    for (const name of strays) lines.push(`  note: assertions under "${name}" belong to no known case`);
    for (const file of loadFailures) {
      lines.push(`  error: ${path.basename(file.testFilePath)} did not run: ${file.testExecError.message}`);
    }
    const passedCount = rows.filter((row) => row.passed).length;
    const requiredFailures = rows.filter((row) => !row.passed && row.required).length;
    const optionalFailures = rows.filter((row) => !row.passed && !row.required).length;
    lines.push(
      `  required: ${rows.filter((row) => row.required).length - requiredFailures}/${rows.filter((row) => row.required).length} passed; ` +
        `optional: ${rows.filter((row) => !row.required).length - optionalFailures}/${rows.filter((row) => !row.required).length} passed`,
    );
    lines.push(
      `  assertions: ${results.numTotalTests} run, ${results.numFailedTests} failed, in ${results.numTotalTestSuites} test files`,
    );
    lines.push(`compatibility: ${passedCount} passed, ${rows.length - passedCount} failed`, '');
    process.stdout.write(lines.join('\n'));

    if (requiredFailures > 0 || (failOnOptional && optionalFailures > 0) || results.numRuntimeErrorTestSuites > 0) {
      process.exitCode = 1;
    }
  }
}

module.exports = CompatibilityReporter;
