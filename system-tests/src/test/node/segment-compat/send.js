// Usage: node send.js <gatewayUrl> <writeKey> <runId>
// Sends identify, group, track, page and screen through @segment/analytics-node (host overridden), then flushes.
const { Analytics } = require('@segment/analytics-node');

const [host, writeKey, runId] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host, flushAt: 3, flushInterval: 500, maxRetries: 3 });
const userId = `compat-user-${runId}`;
const groupId = `compat-account-${runId}`;
let failed = false;
analytics.on('error', (err) => { failed = true; console.error('segment error', err && (err.code || err.message || err)); });

analytics.identify({ userId, traits: { email: 'ada@example.com', role: 'admin' }, messageId: `${runId}-identify` });
analytics.group({ userId, groupId, traits: { name: 'Compat Co', seats: 10 }, messageId: `${runId}-group` });
analytics.track({ userId, event: 'Report Built', properties: { rows: 42 }, context: { groupId },
  messageId: `${runId}-track` });
analytics.page({ userId, name: 'Dashboard', properties: { path: '/dash' }, messageId: `${runId}-page` });
analytics.screen({ userId, name: 'Home', messageId: `${runId}-screen` });

analytics.closeAndFlush({ timeout: 20000 }).then(() => {
  console.log(failed ? 'FLUSHED WITH ERRORS' : 'FLUSHED');
  process.exit(failed ? 1 : 0);
});
