/**
 * Query plans of a composed supergraph, for the federation tests: the plan of an operation, and
 * the subgraphs a plan fetches from, in plan order.
 */
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { assertNever } from '../../shared/assert-never';

/** A planner for `supergraphSdl`: `plan(query)` is the gateway's query plan of the operation. */
export function plannerOf(supergraphSdl: string): { plan: (query: string) => QueryPlan } {
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  return { plan: (query) => planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))) };
}

/** Every fetch of a plan, as `subgraph` names in plan order. */
export function fetches(node: QueryPlan['node'] | PlanNode): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
      return [node.serviceName];
    case 'Flatten':
      return fetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.flatMap(fetches);
    case 'Condition':
    case 'Defer':
    case 'Subscription':
      throw new Error(`unexpected plan node ${node.kind}`);
    default:
      return assertNever(node, 'plan node');
  }
}
