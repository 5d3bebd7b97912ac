import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#test/helpers';

describe('OpenAPI page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('documents the API routes with their zod schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/conversations',
        '/api/conversations/{id}/messages',
        '/api/models',
        '/api/family/{userId}',
        '/api/family/{userId}/usage',
        '/api/me/supervision',
      ]),
    );
    // Family safety's controls are documented field by field (quiet hours, full transcripts).
    expect(JSON.stringify(doc.paths['/api/family/{userId}']!.patch!.requestBody)).toMatch(
      /quietHours.*fullTranscripts/,
    );
    // The login body comes from the zod schema, field names and all.
    expect(JSON.stringify(doc.paths['/api/auth/login']!.post!.requestBody)).toContain('username');
  });

  it('shows API token scopes: in the token schemas, and which each route accepts', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<
        string,
        Record<
          string,
          { description?: string; 'x-token-scopes'?: string[]; requestBody?: unknown; responses?: unknown }
        >
      >;
    }>();
    const tokens = doc.paths['/api/auth/tokens']!;
    expect(JSON.stringify(tokens.post!.requestBody)).toMatch(/"scope".*"models".*"chat".*"admin"/);
    expect(JSON.stringify(tokens.post!.responses)).toContain('"scope"');
    expect(tokens.post!['x-token-scopes']).toEqual([]);
    expect(tokens.post!.description).toContain('API tokens: none');
    expect(doc.paths['/api/conversations']!.get!['x-token-scopes']).toEqual(['chat']);
    expect(doc.paths['/v1/chat/completions']!.post!['x-token-scopes']).toEqual(['models', 'chat']);
  });

  it('serves the page and its assets from this server', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/api/docs/static/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/<script[^>]*src="https?:/i);
    const bundle = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
