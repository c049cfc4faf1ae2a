// SPDX-License-Identifier: MPL-2.0
// The English strings only a hardened data set needs (its evaluation server, docs/OPRF.md): they come with the
// hardened-mode code (web/src/hardened.js), which the page loads when a data set asks for it, and
// ui/text.js adds them to the English table. Keys mirror fr-hardened.js exactly (a unit test checks it).
export const enHardened = {
  // Hardened mode: the publisher's evaluation server (docs/OPRF.md). Never a verdict either.
  rateLimitedText: (wait) => `Too many checks were asked from your connection in a short time: the server of the organisation publishing the list limits them, so that nobody can test numbers in bulk. This is not a result. What you typed is kept: try again in ${wait || 'a few minutes'}.`,
  rateLimitedReady: 'You can try again now. What you typed is kept.',
  waitSeconds: (n) => `${n} ${n === 1 ? 'second' : 'seconds'}`,
  waitMinutes: (n) => `${n} ${n === 1 ? 'minute' : 'minutes'}`,
  oprfProblems: {
    oprf_unreachable: 'The check server of the organisation publishing the list cannot be reached right now (network, outage or maintenance): without it this list cannot be searched. This is not a result. What you typed is kept: try again in a moment.',
    oprf_refused: 'The check server of the organisation publishing the list refused the request. This is not a result. Try again later; if it keeps happening, tell whoever runs this page.',
    oprf_response: 'The answer of the check server of the organisation publishing the list could not be read. No result is shown. Try again later; if it keeps happening, tell whoever runs this page.',
    oprf_proof: 'The answer of the check server of the organisation publishing the list does not match the key signed into the list: it was refused, and no result is shown. Try again later; if it keeps happening, tell whoever runs this page.',
  },
  // Hardened lists only (docs/OPRF.md): hosts of the evaluation servers, fingerprint of their signed key.
  aboutOprf: [
    (hosts, fingerprint) => `Hardened mode: for each check, this page also sends one value to the check server of the organisation publishing the list (${hosts}). That value comes from what you typed, but it is blinded with a new random number every time: the server cannot learn who you are from it, nor link two checks together. Its answer comes with a proof, verified on this device against the key signed into the list (fingerprint ${fingerprint}): a wrong answer gives an error, never a false result.`,
    'Without that server, the published file cannot be used to test guesses offline: every test needs an answer from the server, which limits how many it gives. Someone who knows your date of birth, sex and place of birth can no longer try the thousand or so possible numbers with the file alone.',
    'What that server sees: your IP address and when you check, as any website does, but not what you typed. It limits the number of checks per connection; beyond that, this page tells you how long to wait.',
  ],
};
