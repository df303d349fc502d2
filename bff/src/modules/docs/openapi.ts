// The OpenAPI 3.1 document, generated from the same route table and zod schemas the bff validates with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Problem, publicRoutes, type Route } from '@todo/contracts';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/auth.routes.ts';

const ERRORS: Record<number, string> = {
  400: 'Malformed or invalid input',
  401: 'Not signed in',
  403: 'Cross-site request refused',
  404: 'Not found, or not yours',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body is not JSON',
  429: 'Too many attempts (see Retry-After)',
  503: 'A dependency is not answering',
};

function toRouteConfig(spec: Route): RouteConfig {
  const problem = { content: { 'application/problem+json': { schema: Problem } } };
  const errors = Object.fromEntries(
    Object.entries({ ...ERRORS, ...routeErrors(spec) }).map(([s, description]) => [
      s,
      { description, ...problem },
    ]),
  );
  return {
    method: spec.method,
    path: `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`,
    operationId: spec.id,
    summary: spec.summary,
    tags: [spec.group],
    ...(spec.forward === false && !spec.signedIn ? {} : { security: [{ session: [] }] }),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? {
            body: {
              required: true,
              content: { 'application/json': { schema: spec.body }, ...otherBodies(spec) },
            },
          }
        : {}),
    },
    responses: {
      [spec.status]: spec.response
        ? { description: 'Success', content: { 'application/json': { schema: spec.response } } }
        : spec.responseType
          ? { description: 'Success', content: { [spec.responseType]: { schema: z.string() } } }
          : { description: 'Success, no content' },
      ...errors,
    },
  };
}

const ROUTE_ERRORS: Record<number, string> = {
  422: 'Well-formed, but not something this route can take (see its description)',
};

function routeErrors(spec: Route): Record<number, string> {
  return Object.fromEntries(
    (spec.problems ?? []).map((status) => [status, ROUTE_ERRORS[status] ?? 'Refused']),
  );
}

/** A body that may also come as text (a Todoist CSV file). */
function otherBodies(spec: Route) {
  return Object.fromEntries((spec.bodyTypes ?? []).map((type) => [type, { schema: z.string() }]));
}

export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
  });
  for (const spec of publicRoutes) registry.registerPath(toRouteConfig(spec));
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    registry.registerPath({
      method: 'get',
      path,
      tags: ['operations'],
      responses: { 200: { description: 'OK' }, 503: { description: 'Not ready' } },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Todo API',
      version: '1.0.0',
      description:
        'The public HTTP API of the offline-first todo system. Errors are RFC 9457 problem+json; ' +
        'times are ISO 8601 with offset; time zones are IANA names.',
    },
    servers: [{ url: '/' }],
  });
}
