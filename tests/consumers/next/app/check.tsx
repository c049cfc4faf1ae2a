'use client';
// SPDX-License-Identifier: MPL-2.0
// What a Next.js (app router) team writes: a client component that renders <breach-check> once its configuration
// has arrived, with the package's JSX typings so that `next build`'s type check accepts the tag. The attributes
// are written in their markup spelling (src, publisher-key…), which also server-renders as is. The data set URL
// and key come from /data/config.json, written into public/ by tests/consumers/run.mjs.
import type {} from 'breachcheck-widget/jsx/react';
import 'breachcheck-widget';
import { useEffect, useState } from 'react';

interface PageConfig {
  dataset: string;
  publisherKey: string;
}

export default function Check() {
  const [config, setConfig] = useState<PageConfig | null>(null);
  const [lastStatus, setLastStatus] = useState('');
  useEffect(() => {
    fetch('/data/config.json', { credentials: 'omit' })
      .then((response) => response.json() as Promise<PageConfig>)
      .then(setConfig);
  }, []);
  if (!config) return <p>Loading…</p>;
  return (
    <>
      <breach-check src={config.dataset} publisher-key={config.publisherKey} lang="en" allow-weak-kdf result-event
        onbreachcheckresult={(event) => setLastStatus(event.detail.status)} />
      <p id="last-status">{lastStatus}</p>
    </>
  );
}
