// Shared by the client scripts: publishes a solution over plain HTTP as the given token and returns its name.
export async function publishSolution(httpUrl, token, providerId, name) {
  const post = async (query, variables) => {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const services = await post('{ ozgServices(first: 1) { edges { node { ozgId } } } }');
  const ozgId = services.ozgServices.edges[0].node.ozgId;
  await post('mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }', {
    input: {
      name, summary: `Test solution ${name}`, providerId, ozgIds: [ozgId], reuseModel: 'OPEN_SOURCE',
      lifecycle: 'PRODUCTION', legalPaths: ['OPEN_LICENCE', 'DIRECT_CONTRACT'],
    },
  });
  return name;
}

/** Rejects after ms milliseconds with the message, unless the promise settles first. */
export function within(ms, promise, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms); }),
  ]);
}
