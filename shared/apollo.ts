/**
 * What every ApolloServer of the hub shares: errors masked at the edge (no stack, no SQL) with the
 * request id a person can quote, and one log line per failed operation.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES_VI, isRegisteredCode, vietnameseFor } from './errors';
import type { Logger } from './logger';

/** The part of every context the shared plugins rely on. */
export interface RequestScope extends BaseContext {
  requestId: string;
}

/** True when a code is one the hub or Apollo assigns on purpose (as opposed to an accident). */
export function isExpectedCode(code: unknown): boolean {
  return code !== 'INTERNAL_SERVER_ERROR' && isRegisteredCode(code);
}

/**
 * `formatError` for every server: expected errors keep their message and extensions (minus any
 * stack trace); anything else becomes INTERNAL_SERVER_ERROR with a fixed message. Every error
 * leaves with `extensions.messageVi`: its own, else the registry's meaning of its code (with
 * "Trường <field>: " when it names a field) — validation errors and the gateway's own included.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const {
    stacktrace: _stack,
    exception: _exception,
    ...extensions
  } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (isExpectedCode(extensions.code)) {
    return {
      ...formatted,
      extensions: {
        ...extensions,
        messageVi: vietnameseFor(String(extensions.code), extensions.messageVi, extensions.field),
      },
    };
  }
  return {
    message: 'internal server error: quote the request id to the operator',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(extensions.serviceName ? { serviceName: extensions.serviceName } : {}),
      messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
    },
  };
}

/** Logs unexpected errors with the request id and stamps that id on every error sent. */
export function errorLoggingPlugin<TContext extends RequestScope>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const requestId = contextValue.requestId;
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (isExpectedCode(code)) continue;
            logger.error('operation failed', {
              requestId,
              operationName,
              path: error.path,
              error: error.originalError ?? error,
            });
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors) return;
          response.body.singleResult.errors = errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId },
          }));
        },
      };
    },
  };
}
