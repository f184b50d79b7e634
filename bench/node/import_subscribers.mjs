// `subscribers import FILE.csv` done with the official Node SDK:
// the CSV is streamed through csv-parse (RFC 4180, the usual Node choice),
// each row becomes the record bento-console sends (email, first_name,
// last_name, tags as a comma-separated string, other columns flat), and
// every 1000 rows go out through Analytics.V1.Batch.importSubscribers(),
// one call after the other, as the SDK's docs show. The SDK has no pacing
// or retry of its own. Keys and base URL come from the environment.
//
// Usage: node import_subscribers.mjs FILE.csv
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { Analytics } from '@bentonow/bento-node-sdk';

const CHUNK = 1000;
const env = process.env;
const file = process.argv[2];
if (!file) {
  console.error('usage: node import_subscribers.mjs FILE.csv');
  process.exit(2);
}

const bento = new Analytics({
  authentication: { publishableKey: env.BENTO_PUBLISHABLE_KEY, secretKey: env.BENTO_SECRET_KEY },
  siteUuid: env.BENTO_SITE_UUID,
  clientOptions: { baseUrl: env.BENTO_API_BASE_URL },
});

function record(row) {
  const out = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === '') continue;
    out[key] = key === 'tags' || key === 'remove_tags' ? value.split(/[;,]/).map((t) => t.trim()).filter(Boolean).join(',') : value;
  }
  out.email = row.email.trim().toLowerCase();
  return out;
}

let rows = 0;
let calls = 0;
let accepted = 0;
let chunk = [];
const send = async () => {
  accepted += await bento.V1.Batch.importSubscribers({ subscribers: chunk });
  calls += 1;
  chunk = [];
};

const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
for await (const row of parser) {
  chunk.push(record(row));
  rows += 1;
  if (chunk.length === CHUNK) await send();
}
if (chunk.length > 0) await send();
process.stdout.write(JSON.stringify({ rows, calls, accepted }) + '\n');
