import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';

// The REST client of the API story (tests/api-client.spec.ts) is generated, for each run, from
// the OpenAPI document the server under test serves, by a standard generator
// (@hey-api/openapi-ts: types for every schema and one function per operation). The story
// calls only those functions; `./rmc test` type-checks it against the generated types
// (tsconfig.json), so a body that does not match the document fails before it runs.

export const GENERATED = 'generated';

export async function generateClient(baseURL: string, e2eDir: string): Promise<void> {
  const res = await fetch(`${baseURL}/api/v1/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  const document = await res.text();
  const dir = path.join(e2eDir, GENERATED);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const input = path.join(dir, 'openapi.json');
  fs.writeFileSync(input, document);
  await createClient({ input, output: path.join(dir, 'client'), logs: { level: 'silent' } });
  if (!fs.existsSync(path.join(dir, 'client', 'sdk.gen.ts'))) throw new Error('openapi-ts generated no SDK');
}
