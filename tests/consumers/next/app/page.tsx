// SPDX-License-Identifier: MPL-2.0
// A server component page; the check itself is a client component (check.tsx).
import Check from './check';

export default function Page() {
  return (
    <main>
      <h1>Am I affected?</h1>
      <Check />
    </main>
  );
}
