// The official Node SDK's broadcast, sequence, email template and workflow
// calls against bento-sim, each checked against the demo account's content;
// tests/integration/test_sim_node_sdk.c runs it and checks the sim's journal.
// Prints one JSON line of what it saw; exits 1 naming the first call that
// failed. Keys come from the environment as for tags_list.mjs.
import { Analytics } from '@bentonow/bento-node-sdk';

const env = process.env;
const bento = new Analytics({
  authentication: { publishableKey: env.BENTO_PUBLISHABLE_KEY, secretKey: env.BENTO_SECRET_KEY },
  siteUuid: env.BENTO_SITE_UUID,
  clientOptions: { baseUrl: env.BENTO_API_BASE_URL },
});

function check(what, ok) {
  if (!ok) {
    process.stderr.write(`content_calls: ${what} answered something unexpected\n`);
    process.exit(1);
  }
}

const seen = {};
try {
  const sent = await bento.V1.Broadcasts.getBroadcasts();
  check('getBroadcasts', sent.length === 8 && sent[0].attributes?.template?.subject);
  seen.broadcasts = sent.length;

  const from = { name: 'Jesse Hanley', email: 'jesse@example.com' };
  const draft = { name: 'From the SDK', subject: 'Hi {{ visitor.first_name }}', content: '<p>Hi</p>',
    type: 'html', from, batch_size_per_hour: 1000 };
  const made = await bento.V1.Broadcasts.createBroadcast([
    draft, { ...draft, name: 'Not an author', from: { name: 'X', email: 'x@example.org' } }]);
  check('createBroadcast', made.results === 1 && made.failed === 1 && made.failures?.[0]?.index === 1
    && made.broadcasts?.[0]?.dashboard_url);
  seen.created = made.broadcasts[0].id;

  const seqs = await bento.V1.Sequences.getSequences({ page: 1 });
  check('getSequences', seqs.length === 3 && seqs[0].attributes.email_templates.length >= 2);
  const email = await bento.V1.Sequences.createSequenceEmail(seqs[0].id, {
    subject: 'Added by the SDK', html: '<p>{{ visitor.first_name }}</p>', inbox_snippet: 'New',
    delay_interval: 'days', delay_interval_count: 2, editor_choice: 'plain' });
  check('createSequenceEmail', email?.attributes?.subject === 'Added by the SDK');

  const id = Number(email.id);
  const got = await bento.V1.EmailTemplates.getEmailTemplate({ id });
  check('getEmailTemplate', got?.attributes?.html === '<p>{{ visitor.first_name }}</p>');
  const upd = await bento.V1.EmailTemplates.updateEmailTemplate({ id, subject: 'Edited by the SDK' });
  check('updateEmailTemplate', upd?.attributes?.subject === 'Edited by the SDK'
    && upd.attributes.html === got.attributes.html);
  seen.template = id;

  const flows = await bento.V1.Workflows.getWorkflows();
  check('getWorkflows', flows.length === 2 && flows[0].attributes.status === 'live');
  seen.workflows = flows.length;
} catch (err) {
  process.stderr.write(`content_calls: ${err?.message ?? err}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ success: true, error: null, data: seen }) + '\n');
