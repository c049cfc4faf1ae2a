// SPDX-License-Identifier: MPL-2.0
// The English strings only a directory of lists needs: they come with the directory code (web/src/directory.js),
// and ui/text.js adds them to the English table. Keys mirror fr-directory.js exactly (a unit test checks it).
export const enDirectory = {
  directory: {
    foundOne: (name) => `Yes: your data are in the list from ${name}`,
    foundMany: (names) => `Yes: your data are in the lists from ${[].concat(names).join(', ').replace(/, ([^,]*)$/, ' and $1')}`,
    noneOf: (n) => (n === 1 ? 'You are not in the list checked' : `You are in none of the ${n} lists checked`),
    listsChecked: (names) => `Lists checked: ${names}.`,
    listsConsulted: (names) => `One check, in each of these lists: ${names}.`,
    incompleteTitle: 'Check incomplete: a list could not be checked',
    incompleteText: 'This is not a result for the list that was not checked: you could be in it. Try again later for it.',
    inList: (name) => `In the list from ${name}`,
    notInList: (name) => `Not in the list from ${name}`,
    unchecked: (name) => `List from ${name}: not checked`,
    uncheckedIntegrity: 'This list failed its security check (altered, expired or wrongly signed): no result is given for it. Contact its publisher; do not rely on this page for this list.',
    uncheckedUnavailable: 'This list cannot be reached right now: this is not a result. Try again in a few minutes.',
    listContact: 'Contact of this list\'s publisher:',
    retryUnchecked: 'Check again',
  },
};
