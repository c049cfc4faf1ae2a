// SPDX-License-Identifier: MPL-2.0
// What a Preact team writes: a client-rendered app that shows <breach-check> once its configuration has arrived
// (Preact sets a prop as a property when the element has one), and reads the opt-in result event through a JSX
// prop. The data set URL and key come from /data/config.json, written next to the built app by
// tests/consumers/run.mjs.
import type {} from 'breachcheck-widget/jsx/preact';
import 'breachcheck-widget/define';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

interface PageConfig {
  dataset: string;
  publisherKey: string;
}

function App() {
  const [config, setConfig] = useState<PageConfig | null>(null);
  const [lastStatus, setLastStatus] = useState('');
  useEffect(() => {
    fetch('/data/config.json', { credentials: 'omit' })
      .then((response) => response.json() as Promise<PageConfig>)
      .then(setConfig);
  }, []);
  return (
    <main>
      <h1>Am I affected?</h1>
      {config ? (
        <breach-check
          src={config.dataset}
          publisherKey={config.publisherKey}
          lang="en"
          allowWeakKdf // the test data set's Argon2id is deliberately light
          resultEvent
          onbreachcheckresult={(event) => setLastStatus(event.detail.status)}
        />
      ) : (
        <p>Loading…</p>
      )}
      <p id="last-status">{lastStatus}</p>
    </main>
  );
}

render(<App />, document.getElementById('root')!);
