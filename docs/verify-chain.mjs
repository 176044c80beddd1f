#!/usr/bin/env node
// Verifies the hash chain of a LaaS ledger from its event feed (docs/events.md, "A history anyone can verify").
// Node 18 or later, nothing to install. Usage:
//   LAAS_TOKEN=<token with ledger:read> node verify-chain.mjs <api base url> <ledger id>
// Exit status: 0 verified, 1 mismatch, 2 could not read the feed.
import { createHash } from 'node:crypto';

const [base, ledger] = process.argv.slice(2);
const token = process.env.LAAS_TOKEN;
if (!base || !ledger) {
  console.error('usage: node verify-chain.mjs <api base url> <ledger id>');
  process.exit(2);
}
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
// RFC 8785 (JCS): strings and numbers as ECMAScript's JSON.stringify writes them, object members sorted by
// UTF-16 code units (what Array.prototype.sort does to strings), no whitespace.
const jcs = (value) => value === null || typeof value !== 'object' ? JSON.stringify(value)
  : Array.isArray(value) ? `[${value.map(jcs).join(',')}]`
  : `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${jcs(value[key])}`).join(',')}}`;
const fail = (event, problem) => {
  console.error(`sequence ${event.sequence} (event ${event.event_id}): ${problem}`);
  process.exit(1);
};

let previous = sha256(ledger.toLowerCase()); // the genesis
let sequence = 0;
for (let after = 0, more = true; more;) {
  const response = await fetch(`${base.replace(/\/$/, '')}/v1/ledgers/${ledger}/events?after_sequence=${after}&limit=1000`,
    { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    console.error(`GET events after ${after}: HTTP ${response.status} ${await response.text()}`);
    process.exit(2);
  }
  const page = await response.json();
  for (const event of page.data) {
    const { hash, ...envelope } = event;
    if (event.sequence !== ++sequence) fail(event, `expected sequence ${sequence}`);
    const expected = sha256(previous + jcs(envelope));
    if (hash !== expected) fail(event, `hash ${hash} where the chain gives ${expected}`);
    previous = hash;
  }
  [after, more] = [page.next_after_sequence, page.has_more];
}
console.log(`ledger ${ledger}: ${sequence} events verified, last hash ${previous}`);
