// The GraphQL-over-HTTP audit suite of graphql-http (serverAudits) against the registry at the URL given.
// Prints one line per audit; exits 1 when a MUST or SHOULD audit fails (MAY results are printed only).
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const failures = { MUST: 0, SHOULD: 0, MAY: 0 };
const passes = { MUST: 0, SHOULD: 0, MAY: 0 };
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const level = audit.name.split(' ')[0];
  if (result.status === 'ok') {
    passes[level]++;
    console.log(`ok      ${audit.name}`);
  } else {
    failures[level]++;
    console.log(`${result.status.padEnd(7)} ${audit.name}: ${result.reason}`);
  }
}
console.log(`MUST ${passes.MUST} passed ${failures.MUST} failed; SHOULD ${passes.SHOULD} passed ${failures.SHOULD} failed; `
  + `MAY ${passes.MAY} passed ${failures.MAY} failed`);
process.exit(failures.MUST + failures.SHOULD === 0 ? 0 : 1);
