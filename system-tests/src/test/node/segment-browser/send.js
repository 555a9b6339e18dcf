// Usage: node send.js <gatewayUrl> <writeKey> <runId>
// Runs analytics.js 2.0 (@segment/analytics-next) in a jsdom page with only its API host set to the gateway. It posts
// each call to /v1/<first letter of the type> as text/plain with the write key in the body; every answer is printed.
const [gateway, writeKey, runId] = process.argv.slice(2);
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!doctype html><html><head><title>Dashboard</title></head><body></body></html>',
  { url: 'https://app.example/dashboard?utm_source=compat' });
for (const name of ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage']) {
  Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true });
}
// The SDK never reports a failed delivery (it queues a retry), so every answer is recorded here.
const send = globalThis.fetch;
let failures = 0;
globalThis.fetch = async (url, init) => {
  const response = await send(url, init);
  console.log(`POST ${new URL(url).pathname} ${init.headers['Content-Type']} -> ${response.status}`);
  if (response.status !== 200) {
    failures++;
  }
  return response;
};

const { AnalyticsBrowser } = require('@segment/analytics-next');

(async () => {
  const url = new URL(gateway);
  const [analytics] = await AnalyticsBrowser.load({
    writeKey,
    // Settings normally fetched from Segment's CDN: only the Segment.io destination, pointed at the gateway.
    cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey, apiHost: `${url.host}/v1`,
      protocol: url.protocol.replace(':', '') } } },
  }, { disableClientPersistence: true });
  await analytics.identify(`browser-user-${runId}`, { email: 'grace@example.com' });
  await analytics.group(`browser-account-${runId}`, { plan: 'pro' });
  await analytics.track('Report Built', { rows: 7 });
  await analytics.page('Reports', 'Dashboard');
  console.log(failures === 0 ? 'DELIVERED' : `FAILED ${failures}`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
