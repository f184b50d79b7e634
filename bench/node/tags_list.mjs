// `tags list --json` done with the official Node SDK: one GET /fetch/tags
// through Analytics.V1.Tags.getTags(), printed as JSON on stdout.
// The SDK's own clientOptions.baseUrl points it at bento-sim; keys come
// from the environment (BENTO_PUBLISHABLE_KEY, BENTO_SECRET_KEY,
// BENTO_SITE_UUID, BENTO_API_BASE_URL), as for bento-console.
import { Analytics } from '@bentonow/bento-node-sdk';

const env = process.env;
const bento = new Analytics({
  authentication: { publishableKey: env.BENTO_PUBLISHABLE_KEY, secretKey: env.BENTO_SECRET_KEY },
  siteUuid: env.BENTO_SITE_UUID,
  clientOptions: { baseUrl: env.BENTO_API_BASE_URL },
});

// The same flat rows bento-console prints, so both do the same work.
const tags = (await bento.V1.Tags.getTags()) ?? [];
const data = tags.map((t) => ({
  id: t.id,
  name: t.attributes?.name,
  created_at: t.attributes?.created_at,
  discarded_at: t.attributes?.discarded_at ?? null,
}));
process.stdout.write(JSON.stringify({ success: true, error: null, data, meta: { count: data.length, total: data.length } }) + '\n');
