/**
 * Loads graphql-js in its production mode, whatever NODE_ENV says, and leaves NODE_ENV as it was.
 *
 * graphql-js decides at load time, from NODE_ENV, how `instanceOf` checks types: outside
 * production it also compares class names on every failed check, to detect two copies of graphql in
 * one program. Every `isListType`, `isObjectType` … of execution goes through it: it took about a
 * third of the CPU time of a board with full assessments, in the subgraph that produces it and in
 * the gateway that shapes it. The hub has one copy of graphql (`npm ls graphql` shows it deduped),
 * so the check buys nothing; the rest of the program still sees the NODE_ENV it was given (which
 * decides, for instance, whether introspection is on by default).
 *
 * Import it first in a process's entry point, before anything that loads graphql.
 */
const given = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // Loaded here, after NODE_ENV is set: an import declaration would be hoisted above it.
  require('graphql');
} finally {
  if (given === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = given;
}

export {};
