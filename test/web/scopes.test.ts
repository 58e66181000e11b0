// The two scopes. Office: every request without a session is refused before any route runs,
// also for addresses with no route; a route under /office/ outside the office scope stops
// start-up. Public: no answer sets a cookie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { guardOfficePaths, officeScope, publicScope } from '../../src/web/scopes.ts';
import { testHaven } from '../support/haven.ts';

test('every office request without a session is refused, and no office route runs', async (t) => {
  let ran = 0;
  const haven = await testHaven(
    t,
    {},
    {
      officeRoutes: async (scope) => {
        scope.get('/test-page', async () => ++ran);
        scope.post('/test-organisations', async () => ++ran);
        scope.get('/test-reports/:id', async () => ++ran);
      },
    },
  );
  for (const [method, url] of [
    ['GET', '/office'],
    ['GET', '/office/'],
    ['POST', '/office/test-organisations'],
    ['GET', '/office/test-page'],
    ['GET', '/office/no-such-page'],
    ['DELETE', '/office/test-organisations'],
    // Longer than a route parameter may be: Fastify refuses it before routing (414), which
    // would tell that /office/reports/:id (casework's) exists.
    ['GET', `/office/reports/${'x'.repeat(300)}`],
    ['GET', `/office/test-reports/${'x'.repeat(300)}`],
    ['GET', `/office/nothing/${'x'.repeat(300)}`],
  ] as const) {
    const html = await haven.app.inject({ method, url, headers: { accept: 'text/html' } });
    assert.equal(html.statusCode, 401, `${method} ${url}`);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.equal(html.headers['cache-control'], 'no-store');
    const json = await haven.app.inject({ method, url, headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 401, `${method} ${url}`);
    assert.equal((json.json() as { errors: { code: string }[] }).errors[0]?.code, 'unauthorised');
  }
  assert.equal(ran, 0);
});

test('a route under /office/ outside the office scope stops start-up', async () => {
  const app = Fastify();
  guardOfficePaths(app as never);
  assert.throws(() => app.get('/office/backdoor', async () => 'open'), /outside the office scope/);
  await app.register(
    officeScope({ authenticate: async () => ({ member: 'm' }), deny: (_r, reply) => reply.code(401).send() }, async (scope) => {
      scope.get('/inside', async () => 'fine');
    }) as never,
    { prefix: '/office' },
  );
  assert.equal((await app.inject('/office/inside')).body, 'fine', 'a signed-in request reaches an office route');
});

test('no public answer sets a cookie, even from a route that tries', async () => {
  const app = Fastify();
  await app.register(
    publicScope(async (scope) => {
      scope.get('/', async (_request, reply) => reply.header('set-cookie', 'tracker=1').send('page'));
    }) as never,
  );
  const response = await app.inject('/');
  assert.equal(response.body, 'page');
  assert.equal(response.headers['set-cookie'], undefined);
});
