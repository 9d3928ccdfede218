// Runs one autocannon load in its own process, so the load generator does not share the API's event loop.
// Input: JSON on argv[2] ({ url, token, paths, rate, connections, seconds }); output: autocannon's result as JSON.
import autocannon from 'autocannon';

const { url, token, paths, rate, connections, seconds } = JSON.parse(process.argv[2]);
let next = 0;
const result = await autocannon({
  url,
  connections,
  overallRate: rate,
  duration: seconds,
  headers: { authorization: `Bearer ${token}` },
  requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
});
process.stdout.write(JSON.stringify(result));
