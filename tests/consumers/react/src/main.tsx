// SPDX-License-Identifier: MPL-2.0
// What a React 19 team writes: a client-rendered app that shows <breach-check> once its configuration has
// arrived (a conditional render: the element is created by React, its props set as properties), and reads the
// opt-in result event through a JSX prop. The data set URL and key come from /data/config.json, written next to
// the built app by tests/consumers/run.mjs.
import type {} from 'breachcheck-widget/jsx/react';
import 'breachcheck-widget';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
